import { describe, expect, it } from '@jest/globals';
import type { Suggestion } from '../../models/schemas.js';
import { mainReason, matchesFilters } from '../../models/store/review.js';
import { csvCell } from '../../services/routes/review.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const suggestion = (outcome: 'accept' | 'reject', confidence: number, reasons: [string, boolean?][] = []): Suggestion => ({
  outcome, confidence, reasons: reasons.map(([code, shadow]) => ({ code: code as any, score: 0.9, detail: '', ...(shadow ? { shadow } : {}) })),
});
const entry = (s: Suggestion | null, ageS = 60) => ({ suggestion: s, createdAt: NOW - ageS * 1000 });

describe('the queue\'s main reason and filters', () => {
  it('takes the first reason of an active check; shadow checks and clean suggestions give none', () => {
    expect(mainReason(suggestion('reject', 0.9, [['toxic', true], ['duplicate']]))).toBe('duplicate');
    expect(mainReason(suggestion('accept', 0.95, [['toxic', true]]))).toBe('none');
    expect(mainReason(null)).toBe('none');
  });

  it('matches a reason among the active ones only', () => {
    const s = suggestion('reject', 0.9, [['too_short'], ['missing_prefix'], ['toxic', true]]);
    expect(matchesFilters(entry(s), { reason: 'missing_prefix' }, NOW)).toBe(true);
    expect(matchesFilters(entry(s), { reason: 'toxic' }, NOW)).toBe(false);
    expect(matchesFilters(entry(s), { reason: 'none' }, NOW)).toBe(false);
    expect(matchesFilters(entry(suggestion('accept', 1)), { reason: 'none' }, NOW)).toBe(true);
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
