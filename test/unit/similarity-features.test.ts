import { describe, expect, it } from '@jest/globals';
import { NEAR_COPY_AUTO_AT, NEAR_COPY_REVIEW_AT } from '../../models/checks/near-duplicate.js';
import { BANDS, bandKeys, bigramProfile, contentTerms, dice, differsInMeaningMarkers, isCopyEdit } from '../../models/similarity/features.js';
import { foldText, normalizeText } from '../../models/text/normalize.js';

const fold = (t: string) => foldText(normalizeText(t));
const diceOf = (a: string, b: string) => dice(bigramProfile(fold(a)), bigramProfile(fold(b)));
const sharedBands = (a: string, b: string) => {
  const [x, y] = [bandKeys(fold(a)), bandKeys(fold(b))];
  return x.filter((k, band) => y[band] === k).length;
};

const ORIGINAL = "Il faut mettre en place un enseignement des rapports amoureux à l'école pour lutter contre les clichés";

describe('near copies', () => {
  it.each([
    ['case', "IL FAUT mettre en place un enseignement des rapports amoureux à l'école pour lutter contre les CLICHÉS"],
    ['punctuation', "Il faut mettre en place un enseignement des rapports amoureux à l'école, pour lutter contre les clichés !"],
    ['accents', "Il faut mettre en place un enseignement des rapports amoureux a l'ecole pour lutter contre les cliches"],
    ['typo', "Il faut mettre en place un enseignement des rapprots amoureux à l'école pour lutter contre les clichés"],
    ['word dropped', "Il faut mettre en place un enseignement des rapports amoureux à l'école pour lutter contre clichés"],
    ['words swapped', "Il faut mettre en place un enseignement des amoureux rapports à l'école pour lutter contre les clichés"],
    ['Il faudrait', "Il faudrait mettre en place un enseignement des rapports amoureux à l'école pour lutter contre les clichés"],
  ])('%s: in the automatic band and sharing an LSH band', (_kind, copy) => {
    expect(diceOf(ORIGINAL, copy)).toBeGreaterThanOrEqual(NEAR_COPY_AUTO_AT);
    expect(sharedBands(ORIGINAL, copy)).toBeGreaterThanOrEqual(1);
    expect(differsInMeaningMarkers(fold(ORIGINAL), fold(copy))).toBe(false);
    expect(isCopyEdit(fold(ORIGINAL), fold(copy))).toBe(true);
  });

  it('accepts two copy edits at once (a typo and a dropped word)', () => {
    const copy = "Il faut mettre en place un enseignement des rapprots amoureux à l'école pour lutter contre clichés";
    expect(isCopyEdit(fold(ORIGINAL), fold(copy))).toBe(true);
  });

  it('gives identical texts Dice 1 and every band', () => {
    expect(diceOf(ORIGINAL, ORIGINAL)).toBe(1);
    expect(sharedBands(ORIGINAL, ORIGINAL)).toBe(BANDS);
  });
});

describe('not copies', () => {
  it('keeps a different wording of the same idea below the review band', () => {
    const sameIdea = "Il faut des cours d'éducation affective au collège pour casser les stéréotypes entre filles et garçons";
    expect(diceOf(ORIGINAL, sameIdea)).toBeLessThan(NEAR_COPY_REVIEW_AT);
    expect(sharedBands(ORIGINAL, sameIdea)).toBe(0);
  });

  it('keeps unrelated texts far apart', () => {
    expect(diceOf(ORIGINAL, "Il faut ouvrir les guichets de l'Urssaf le samedi matin")).toBeLessThan(0.5);
  });

  it('tells a rewording (a content word replaced by another) apart from a copy, even at a high Dice', () => {
    const [a, b] = ['Il faut développer le télétravail pour éviter les déplacements', 'Il faut développer le télétravail pour limiter les deplacements'];
    expect(diceOf(a, b)).toBeGreaterThanOrEqual(NEAR_COPY_AUTO_AT);
    expect(isCopyEdit(fold(a), fold(b))).toBe(false);
    expect(isCopyEdit(fold(ORIGINAL), fold(`${ORIGINAL} sexistes et racistes dans les médias`))).toBe(false);
  });

  it('tells a negation or another number apart from a copy', () => {
    expect(differsInMeaningMarkers(fold(ORIGINAL), fold(ORIGINAL.replace('Il faut', 'Il ne faut pas')))).toBe(true);
    expect(differsInMeaningMarkers(fold('Il faut fixer la limite à 15 ans'), fold('Il faut fixer la limite à 18 ans'))).toBe(true);
  });
});

describe('content terms', () => {
  it('keeps stemmed content words once, without the formula and function words', () => {
    expect(contentTerms(fold("Il faut protéger les femmes, protéger les enfants et les femmes"))).toEqual(['proteg', 'femm', 'enfant']);
  });

  it('is empty for a text of function words only', () => {
    expect(contentTerms(fold('Il faut que les'))).toEqual([]);
    expect(bandKeys('')).toEqual([]);
  });
});
