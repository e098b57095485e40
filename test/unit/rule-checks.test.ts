import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadContentModels } from '../../models/checks/content-models.js';
import { lengthCheck, graphemeCount } from '../../models/checks/length.js';
import { prefixCheck } from '../../models/checks/prefix.js';
import { CHECKS, ENRICHERS, enrich, evidenceGaps, prepareInput, runChecks } from '../../models/pipeline.js';
import type { Enricher } from '../../models/enrichers/types.js';
import { Consultation } from '../../models/schemas.js';

const consultation = (rules: object = {}, policy: object = {}) => Consultation.parse({
  id: 'c', version: 1, createdAt: '', updatedAt: '', question: 'Comment faire ?',
  rules: { minLength: 12, maxLength: 140, requiredPrefix: 'Il faut', ...rules }, policy,
});
const input = (text: string, c = consultation()) => prepareInput({ id: 'c~1', externalId: 'e', text }, c);

describe('length', () => {
  it('counts what a reader counts', () => {
    expect(graphemeCount('e\u0301te\u0301')).toBe(3);
    expect(graphemeCount('👩‍👩‍👧')).toBe(1);
  });
  it('agrees with Intl.Segmenter on what proposals contain, in one linear pass', () => {
    const segmenter = new Intl.Segmenter('fr', { granularity: 'grapheme' });
    for (const text of [
      'Il faut été, à l’évidence', 'e\u0301te\u0301 ça', '👍🏽 Il faut 🇫🇷🇪🇺 des 👩‍👩‍👧‍👦 et ❤️', '我们需要更多的公园 𐀅𠀋', 'مَرْحَبًا بِكُم',
      'z̵̡̛a̴l̷g̸o̶', '🏴󠁧󠁢󠁳󠁣󠁴󠁿 Écosse', 'Il\u200dfaut', '🇫🇷🇫', '\u0301début',
    ]) expect(graphemeCount(text)).toBe([...segmenter.segment(text)].length);
    expect(graphemeCount('🌱'.repeat(2500), 141)).toBe(141);
  });
  it('flags too short and too long, with the numbers in the detail', () => {
    expect(lengthCheck.run(input('Il faut'))).toMatchObject({ code: 'too_short', score: 1, detail: '7 caractères, minimum 12' });
    expect(lengthCheck.run(input(`Il faut ${'a'.repeat(140)}`))).toMatchObject({ code: 'too_long', detail: '148 caractères, maximum 140' });
    expect(lengthCheck.run(input('Il faut agir vite'))).toBeNull();
  });
  it('does not let invisible characters or padding count', () => {
    expect(lengthCheck.run(input(`  Il faut\u200b\u200b\u200b${'\u200b'.repeat(20)}   `))?.code).toBe('too_short');
  });
});

describe('prefix', () => {
  it.each(['Il faut agir', 'il faut agir', 'IL FAUT agir', 'Il  faut, agir', 'Il\u00a0faut agir'])('accepts %j', (text) => {
    expect(prefixCheck.run(input(text))).toBeNull();
  });
  it.each(['Il faudrait agir', 'Faut agir', 'Ilfaut agir', 'Agir, il faut'])('flags %j', (text) => {
    expect(prefixCheck.run(input(text))).toMatchObject({ code: 'missing_prefix', score: 1 });
  });
  it('is silent when the consultation requires no prefix', () => {
    expect(prefixCheck.run(input('Agir', consultation({ requiredPrefix: undefined })))).toBeNull();
  });
});

describe('per-consultation check settings', () => {
  beforeAll(() => loadContentModels());
  it('a disabled check does not run', () => {
    const c = consultation({}, { checks: { prefix: { enabled: false } } });
    expect(runChecks(input('Agir maintenant pour tous', c)).map((o) => o.check)).not.toContain('prefix');
  });
  it('a check barred from deciding alone still reports, but cannot auto-reject', () => {
    const c = consultation({}, { checks: { prefix: { autoDecide: false } } });
    expect(runChecks(input('Agir maintenant pour tous', c)).find((o) => o.check === 'prefix')).toMatchObject({ canAutoReject: false, shadow: false, score: 1 });
  });
});

describe('enrichers of disabled checks', () => {
  it('are skipped when every check they serve is disabled, and run otherwise', async () => {
    const ran: string[] = [];
    const recorder = (id: string, onlyFor?: string[]): Enricher => ({ id, provides: [], ...(onlyFor ? { onlyFor } : {}), async enrich() { ran.push(id); } });
    const enrichers = [recorder('always'), recorder('for-off-topic', ['off_topic']), recorder('for-two', ['toxic', 'off_topic'])];
    const deps = {} as Parameters<typeof enrich>[1];
    await enrich([input('Il faut agir', consultation({}, { checks: { off_topic: { enabled: false } } }))], deps, enrichers);
    expect(ran).toEqual(['always', 'for-two']);
    ran.length = 0;
    await enrich([input('Il faut agir', consultation())], deps, enrichers);
    expect(ran).toEqual(['always', 'for-off-topic', 'for-two']);
  });
});

describe('the evidence contract', () => {
  it('holds for the pipeline: every field read is provided by an earlier enricher', () => {
    expect(evidenceGaps()).toEqual([]);
  });

  it('names an enricher run before what it reads, and a check reading what nobody provides', () => {
    const [exact, similarTexts, similarMeanings, offTopic, calibration] = ENRICHERS;
    expect(evidenceGaps([exact!, similarTexts!, offTopic!, similarMeanings!, calibration!], CHECKS))
      .toEqual(['enricher off_topic reads sentenceVector before any enricher provides it']);
    expect(evidenceGaps([similarTexts!, similarMeanings!, offTopic!], CHECKS)).toEqual([
      'check exact_duplicate reads exactDuplicateOf, which no enricher provides',
      'check near_duplicate reads exactDuplicateOf, which no enricher provides',
      'the policy reads suggestionCalibration, which no enricher provides',
    ]);
  });
});
