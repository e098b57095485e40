import { describe, expect, it } from '@jest/globals';
import { REASON_CODES, type Decision, type Suggestion } from '../../models/schemas.js';
import { APPEAL_WINDOW_DAYS, statementOfReasons } from '../../models/statement-of-reasons.js';
import { STATEMENT_MESSAGES } from '../../models/statement-messages.js';
import { CATALOGUE_LANGUAGES, reasonLabels } from '../../models/reason-catalogue.js';
import { toTransparencyStatement, TransparencyExport, TransparencyStatement, transparencyPuid } from '../../models/transparency-database.js';

const consultation = (language = 'fr') => ({
  language, question: 'Comment améliorer les services ?', rules: { minLength: 12, maxLength: 140, requiredPrefix: 'Il faut' },
});
const decision = (d: Partial<Decision> = {}): Decision => ({ outcome: 'reject', reason: 'too_short', decidedBy: 'system', decidedAt: '2026-12-01T10:00:00.000Z', ...d });
const suggestion = (s: Partial<Suggestion> = {}): Suggestion => ({
  outcome: 'reject', confidence: 0.9, reasons: [{ code: 'toxic', score: 0.8, detail: 'insulte', check: 'toxic' }], ...s,
});

describe('statementOfReasons', () => {
  it('is null unless the proposal is refused', () => {
    expect(statementOfReasons({ suggestion: null, decision: null }, consultation())).toBeNull();
    expect(statementOfReasons({ suggestion: null, decision: decision({ outcome: 'accept', reason: null }) }, consultation())).toBeNull();
  });

  it('says a fully automated refusal, its rule with the consultation\'s figures, and the appeal deadline, in French', () => {
    const s = statementOfReasons({ suggestion: suggestion({ reasons: [{ code: 'too_short', score: 1, detail: '', check: 'length' }] }), decision: decision() }, consultation())!;
    expect(s).toMatchObject({ language: 'fr', reason: 'too_short', automatedDetection: true, detectedBy: 'length', automatedDecision: 'fully', source: 'own_initiative' });
    expect(s.rule).toContain('12 caractères');
    expect(s.text).toContain('entièrement automatisée');
    expect(s.appealUntil).toBe(new Date(Date.parse('2026-12-01T10:00:00.000Z') + APPEAL_WINDOW_DAYS * 86_400_000).toISOString());
    expect(s.redress).toContain('2 juin 2027');
  });

  it('tells a moderator following the machine (partially) from one deciding alone (not), and detection from its absence', () => {
    const followed = statementOfReasons({ suggestion: suggestion(), decision: decision({ reason: 'toxic', decidedBy: 'camille' }) }, consultation('en'))!;
    expect(followed).toMatchObject({ automatedDecision: 'partially', automatedDetection: true, detectedBy: 'toxic', language: 'en' });
    const alone = statementOfReasons({ suggestion: suggestion({ outcome: 'accept', reasons: [] }), decision: decision({ reason: 'off_topic', decidedBy: 'camille' }) }, consultation('en'))!;
    expect(alone).toMatchObject({ automatedDecision: 'not', automatedDetection: false, detectedBy: null });
    expect(alone.text).toContain('without automated means');
    expect(alone.rule).toContain('Comment améliorer les services ?');
  });

  it('names participants\' reports as the source', () => {
    const s = statementOfReasons({ suggestion: null, decision: decision({ reason: 'toxic', decidedBy: 'camille' }), reported: true }, consultation())!;
    expect(s.source).toBe('participant_reports');
    expect(s.text).toContain('signalée par des participants');
  });

  it('falls back to English for a language without a catalogue, naming the language in English', () => {
    const s = statementOfReasons({ suggestion: null, decision: decision({ reason: 'wrong_language', decidedBy: 'x' }) }, consultation('nl'))!;
    expect(s.language).toBe('en');
    expect(s.rule).toContain('Dutch');
  });

  it('writes English dates day first, as EU and UK readers do, not in ICU\'s US order', () => {
    const s = statementOfReasons({ suggestion: null, decision: decision() }, consultation('en'))!;
    expect(s.redress).toContain('2 June 2027');
    expect(s.redress).not.toContain('June 2, 2027');
  });

  it('speaks German, Spanish and Italian too, with the language named in it and the date in its form', () => {
    const de = statementOfReasons({ suggestion: null, decision: decision({ reason: 'wrong_language' }) }, consultation('de'))!;
    expect(de).toMatchObject({ language: 'de' });
    expect(de.rule).toContain('Deutsch');
    expect(de.redress).toContain('2. Juni 2027');
    expect(statementOfReasons({ suggestion: null, decision: decision() }, consultation('es'))!.text).toContain('al menos 12 caracteres');
    expect(statementOfReasons({ suggestion: null, decision: decision() }, consultation('it'))!.redress).toContain('2 giugno 2027');
  });

  it('names the reason with the label moderators see (one catalogue), and no check id', () => {
    const s = statementOfReasons({ suggestion: suggestion(), decision: decision({ reason: 'toxic', decidedBy: 'camille' }) }, consultation())!;
    expect(s.text).toContain(`Motif : ${reasonLabels().fr!.toxic}.`);
    expect(s.text).toContain('repérée par un traitement automatisé.');
    expect(s.text).not.toMatch(/contrôle|toxic/);
    expect(s.detectedBy).toBe('toxic');
    const free = statementOfReasons({ suggestion: null, decision: decision({ reason: 'missing_prefix' }) }, { ...consultation(), rules: { minLength: 12, maxLength: 140 } })!;
    expect(free.rule).toBe('une proposition suit la forme demandée par la consultation.');
  });

  it('the catalogue and the statement sentences cover the same languages', () => {
    expect(Object.keys(STATEMENT_MESSAGES).sort()).toEqual([...CATALOGUE_LANGUAGES].sort());
    expect(Object.keys(reasonLabels()).sort()).toEqual([...CATALOGUE_LANGUAGES].sort());
  });

  it('has a rule for every reason code in every language', () => {
    for (const language of ['fr', 'en', 'de', 'es', 'it']) {
      for (const reason of REASON_CODES) {
        const s = statementOfReasons({ suggestion: null, decision: decision({ reason }) }, consultation(language))!;
        expect(s.rule.length).toBeGreaterThan(10);
      }
    }
  });
});

describe('the DSA Transparency Database export', () => {
  const exported = (reason: Decision['reason'], d: Partial<Decision> = {}, reported = false) => {
    const statement = statementOfReasons({ suggestion: suggestion(), decision: decision({ reason, ...d }), reported }, consultation())!;
    return toTransparencyStatement({ id: 'urssaf.2026~42', createdAt: '2026-11-30T09:00:00.000Z', statement }, { language: 'fr' });
  };

  it('validates against the published schema for every reason, automated or not, reported or not', () => {
    const statements = REASON_CODES.flatMap((r) => [exported(r), exported(r, { decidedBy: 'camille' }, true)]);
    const parsed = TransparencyExport.safeParse({ statements });
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(statements[0]).toMatchObject({
      decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT', content_type: ['CONTENT_TYPE_TEXT'], content_language: 'FR',
      content_date: '2026-11-30', application_date: '2026-12-01', automated_detection: 'Yes', automated_decision: 'AUTOMATED_DECISION_FULLY',
      source_type: 'SOURCE_VOLUNTARY',
    });
    expect(exported('toxic', { decidedBy: 'camille' }, true)).toMatchObject({ source_type: 'SOURCE_ARTICLE_16', automated_decision: 'AUTOMATED_DECISION_PARTIALLY', category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH' });
  });

  it('gives a puid the database accepts and that differs per decision', () => {
    const a = transparencyPuid('urssaf.2026~42', '2026-12-01T10:00:00.000Z');
    expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(transparencyPuid('urssaf.2026~42', '2026-12-02T10:00:00.000Z'));
  });

  it('the schema refuses what the database refuses', () => {
    const ok = exported('too_short');
    const bad = (patch: object) => TransparencyStatement.safeParse({ ...ok, ...patch }).success;
    expect(bad({})).toBe(true);
    expect(bad({ automated_decision: 'Yes' })).toBe(false);
    expect(bad({ automated_detection: 'yes' })).toBe(false);
    expect(bad({ category: 'STATEMENT_CATEGORY_PIRACY' })).toBe(false);
    expect(bad({ content_date: '1999-12-31' })).toBe(false);
    expect(bad({ application_date: '2026-02-30' })).toBe(false);
    expect(bad({ puid: 'urssaf~42' })).toBe(false);
    expect(bad({ decision_visibility: null })).toBe(false);
    expect(bad({ incompatible_content_explanation: undefined })).toBe(false);
    expect(bad({ decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT' })).toBe(false);
    expect(bad({ decision_visibility: ['DECISION_VISIBILITY_OTHER'] })).toBe(false);
    expect(bad({ text: 'the proposal' })).toBe(false);
  });
});
