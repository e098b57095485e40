import { describe, expect, it } from '@jest/globals';
import { normalizeTags, type Suggestion } from '../../models/schemas.js';
import { mainReason, matchesFilters } from '../../models/store/review.js';
import { csvCell } from '../../services/routes/review.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const suggestion = (outcome: 'accept' | 'reject', confidence: number, reasons: [string, boolean?][] = []): Suggestion => ({
  outcome, confidence, reasons: reasons.map(([code, shadow]) => ({ code: code as any, score: 0.9, detail: '', ...(shadow ? { shadow } : {}) })),
});
const entry = (s: Suggestion | null, ageS = 60) => ({ suggestion: s, createdAt: NOW - ageS * 1000, assignedTo: null as string | null, tags: [] as string[] });

describe('the queue\'s main reason and filters', () => {
  it('takes the first reason of an active check; shadow checks and clean suggestions give none', () => {
    expect(mainReason(suggestion('reject', 0.9, [['toxic', true], ['duplicate']]))).toBe('duplicate');
    expect(mainReason(suggestion('accept', 0.95, [['toxic', true]]))).toBe('none');
    expect(mainReason(null)).toBe('none');
  });

  it('the reason filter matches the main reason, so that a count by reason is what its filter lists', () => {
    const s = suggestion('reject', 0.9, [['too_short'], ['missing_prefix'], ['toxic', true]]);
    expect(matchesFilters(entry(s), { reason: 'too_short' }, NOW)).toBe(true);
    expect(matchesFilters(entry(s), { reason: 'missing_prefix' }, NOW)).toBe(false);
    expect(matchesFilters(entry(s), { reason: 'toxic' }, NOW)).toBe(false);
    expect(matchesFilters(entry(s), { reason: 'none' }, NOW)).toBe(false);
    expect(matchesFilters(entry(suggestion('accept', 1)), { reason: 'none' }, NOW)).toBe(true);
    // the suggestion's naming reason wins over the order of the findings
    const named = { ...suggestion('reject', 0.99, [['missing_prefix'], ['toxic']]), mainReason: 'toxic' as const };
    expect(mainReason(named)).toBe('toxic');
    expect(matchesFilters(entry(named), { reason: 'toxic' }, NOW)).toBe(true);
    expect(matchesFilters(entry(named), { reason: 'missing_prefix' }, NOW)).toBe(false);
  });

  it('filters by assignee (or the unassigned ones) and by tag, without case', () => {
    const e = { ...entry(null), assignedTo: 'key_camille', tags: ['À relire', 'juriste'] };
    expect(matchesFilters(e, { assignedTo: 'key_camille' }, NOW)).toBe(true);
    expect(matchesFilters(e, { assignedTo: 'key_other' }, NOW)).toBe(false);
    expect(matchesFilters(e, { assignedTo: 'none' }, NOW)).toBe(false);
    expect(matchesFilters(entry(null), { assignedTo: 'none' }, NOW)).toBe(true);
    expect(matchesFilters(e, { tag: 'à RELIRE' }, NOW)).toBe(true);
    expect(matchesFilters(e, { tag: 'relire' }, NOW)).toBe(false);
    expect(matchesFilters(entry(null), { tag: 'juriste' }, NOW)).toBe(false);
  });

  it('normalises tags: trimmed, one space, NFC, once whatever the case', () => {
    expect(normalizeTags(['  à   relire ', 'A\u0300 relire', 'Juriste', 'juriste', ' '])).toEqual(['à relire', 'Juriste']);
  });

  it('searches the text without case or accents, every word', () => {
    const e = { ...entry(null), text: 'Il faut simplifier la Déclaration trimestrielle' };
    expect(matchesFilters(e, { q: 'DECLARATION' }, NOW)).toBe(true);
    expect(matchesFilters(e, { q: 'déclaration simplifier' }, NOW)).toBe(true);
    expect(matchesFilters(e, { q: 'déclaration annuelle' }, NOW)).toBe(false);
    expect(matchesFilters(e, { q: '  ' }, NOW)).toBe(true);
  });

  it('bounds confidence inclusively and leaves out untriaged proposals when a bound is set', () => {
    const s = suggestion('accept', 0.9);
    expect(matchesFilters(entry(s), { minConfidence: 0.9, maxConfidence: 0.9 }, NOW)).toBe(true);
    expect(matchesFilters(entry(s), { minConfidence: 0.91 }, NOW)).toBe(false);
    expect(matchesFilters(entry(null), { maxConfidence: 1 }, NOW)).toBe(false);
    expect(matchesFilters(entry(null), {}, NOW)).toBe(true);
    expect(matchesFilters(entry(s), { suggestion: 'reject' }, NOW)).toBe(false);
  });

  it('filters by age in seconds', () => {
    expect(matchesFilters(entry(null, 3600), { minAgeS: 3600 }, NOW)).toBe(true);
    expect(matchesFilters(entry(null, 3599), { minAgeS: 3600 }, NOW)).toBe(false);
    expect(matchesFilters(entry(null, 10), { maxAgeS: 5 }, NOW)).toBe(false);
  });
});

describe('CSV cells', () => {
  it('quotes separators, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(csvCell('simple')).toBe('simple');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('dit "non"\nvraiment')).toBe('"dit ""non""\nvraiment"');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('+33 6 12')).toBe("'+33 6 12");
  });
});
