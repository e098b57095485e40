/**
 * The evasion suite: every insult of the toxic lexicon × every way of disguising it (test/support/evasion.ts) must
 * still be flagged, and reading through the disguises must not flag the good proposals of the dev streams.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadContentModels } from '../../../models/checks/content-models.js';
import { toxicCheck } from '../../../models/checks/toxic.js';
import { ProposalInput } from '../../../models/schemas.js';
import { WEIGHT, toxicLexicon } from '../../../models/text/toxic-lexicon.js';
import { DATA_DIR, readStream } from '../../../bench/dev-data.js';
import { inputFor } from '../../support/check-input.js';
import { BIDI_TRICKS, TRANSFORMATIONS } from '../../support/evasion.js';

/** what a moderator must see: the check's finding sends the proposal to review at least */
const FLAGGED = 0.5;
const sentence = (word: string) => `Il faut virer ce ${word} de la mairie`;
const score = (text: string) => toxicCheck.run(inputFor(text))?.score ?? 0;

beforeAll(() => loadContentModels());

/** the lexicon's insults (single words of plain letters) that are flagged as written, in the test's sentence */
function insults(): string[] {
  return [...toxicLexicon().words].filter(([w, weight]) => weight >= WEIGHT.insult && /^[a-z]{3,}$/.test(w)).map(([w]) => w)
    .filter((w) => score(sentence(w)) >= FLAGGED);
}

describe('evasion suite', () => {
  test('≥ 99 % of the lexicon × transformations are still flagged, and each transformation ≥ 80 %', () => {
    const words = insults();
    expect(words.length).toBeGreaterThan(150);
    let tried = 0;
    let flagged = 0;
    const weak: string[] = [];
    const failing: string[] = [];
    const missed: string[] = [];
    for (const t of TRANSFORMATIONS) {
      let own = 0;
      let ownFlagged = 0;
      for (const word of words) {
        const disguised = t.apply(word);
        if (disguised === null) continue;
        own++;
        if (score(sentence(disguised)) >= FLAGGED) ownFlagged++;
        else if (missed.length < 20) missed.push(`${t.name}: ${JSON.stringify(disguised)}`);
      }
      tried += own;
      flagged += ownFlagged;
      if (own > 0 && ownFlagged / own < 0.95) weak.push(`${t.name} ${ownFlagged}/${own}`);
      if (own > 0 && ownFlagged / own < 0.8) failing.push(`${t.name} ${ownFlagged}/${own}`);
    }
    const rate = flagged / tried;
    // printed for docs/ARCHITECTURE.md and the closing note
    console.info(`evasion suite: ${flagged}/${tried} flagged (${(100 * rate).toFixed(2)} %), ${words.length} insults × ${TRANSFORMATIONS.length} transformations; under 95 %: ${weak.join(', ') || 'none'}; first misses: ${missed.join(' · ')}`);
    // a word cut by a real space is rejoined from 6 letters on only ("tu as pu te tromper" is not "pute")
    expect(failing).toEqual([]);
    expect(rate).toBeGreaterThanOrEqual(0.99);
  });

  test('bidi tricks are refused at intake with the field named, for every insult', () => {
    const words = insults();
    for (const t of BIDI_TRICKS) {
      for (const word of words) {
        const parsed = ProposalInput.safeParse({ externalId: 'e-1', text: sentence(t.apply(word)!) });
        expect(parsed.success).toBe(false);
        expect(parsed.error!.issues[0]!.path).toEqual(['text']);
      }
    }
    // a right-to-left override at the start cannot satisfy the "Il faut" rule with a text displayed reversed
    expect(ProposalInput.safeParse({ externalId: 'e-1', text: '\u202Eeiriam al ed reriv tuaf lI' }).success).toBe(false);
    // marks (LRM, RLM, ALM) do not reorder letters: accepted, and removed for matching
    expect(ProposalInput.safeParse({ externalId: 'e-1', text: 'Il faut \u200Fplus de parcs\u200E' }).success).toBe(true);
  });

  test('the red-team examples are flagged', () => {
    for (const text of [
      'Il faut virer ce cоnnard de maire', 'Il faut virer ce con\u3164nard de maire', 'Il faut virer ce conn\u061Card de maire',
      'Il faut virer ce conn\u{E0020}ard de maire', 'Il faut virer ce\u2800connard de maire', 'Il faut virer ce ᴄᴏɴɴᴀʀᴅ de maire',
    ]) expect(score(text)).toBeGreaterThanOrEqual(FLAGGED);
    // a threat with a Cyrillic "е" is still a threat: rejected automatically
    expect(score('je vais te tuеr si tu continues')).toBeGreaterThanOrEqual(toxicCheck.autoRejectAt);
  });

  const streams = ['vff-open-stream.csv', 'mondedapres-open-stream.csv', 'en-open-stream.csv', 'de-open-stream.csv']
    .filter((f) => existsSync(join(DATA_DIR, f)));
  // the dev data lives outside the repository (../shared/eval); without it there is nothing to measure
  (streams.length > 0 ? test : test.skip)('no good proposal of the dev streams is auto-rejected as toxic; at most 1 in 1,000 goes to review', () => {
    let good = 0;
    let review = 0;
    const autoRejected: string[] = [];
    for (const file of streams) {
      for (const row of readStream(file).filter((r) => r.expected === 'accept')) {
        good++;
        const s = score(row.text);
        if (s >= toxicCheck.autoRejectAt) autoRejected.push(row.text);
        if (s >= FLAGGED) review++;
      }
    }
    expect(good).toBeGreaterThan(5000);
    expect(autoRejected).toEqual([]);
    // measured before the look-alike reading: 3 of 8,257 (one "imbéciles", two German "bitte"); the same after
    expect(review).toBeLessThanOrEqual(3);
  });
});
