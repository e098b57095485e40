import { describe, expect, it } from '@jest/globals';
import { NEAR_COPY_AUTO_AT, NEAR_COPY_REVIEW_AT } from '../../models/checks/near-duplicate.js';
import { BANDS, bandKeys, bigramProfile, contentTerms, dice, differsInMeaningMarkers, editDistance, isCopyEdit, isShuffleOf } from '../../models/similarity/features.js';
import { foldText, normalizeText } from '../../models/text/normalize.js';

const fold = (t: string) => foldText(normalizeText(t));
const diceOf = (a: string, b: string) => dice(bigramProfile(fold(a)), bigramProfile(fold(b)));
const sharedBands = (a: string, b: string) => {
  const [x, y] = [bandKeys(fold(a), 'fr'), bandKeys(fold(b), 'fr')];
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
    expect(differsInMeaningMarkers(fold(ORIGINAL), fold(copy), 'fr')).toBe(false);
    expect(isCopyEdit(fold(ORIGINAL), fold(copy), 'fr')).toBe(true);
  });

  it('accepts two copy edits at once (a typo and a dropped word)', () => {
    const copy = "Il faut mettre en place un enseignement des rapprots amoureux à l'école pour lutter contre clichés";
    expect(isCopyEdit(fold(ORIGINAL), fold(copy), 'fr')).toBe(true);
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
    expect(isCopyEdit(fold(a), fold(b), 'fr')).toBe(false);
    expect(isCopyEdit(fold(ORIGINAL), fold(`${ORIGINAL} sexistes et racistes dans les médias`), 'fr')).toBe(false);
  });

  it('does not take the same words shuffled for a copy, in either order of arrival', () => {
    // a word salad made of a real comment may come before the comment itself (German, English: the same rule)
    const comment = 'Solarpaneele an allen Feuermauern in den Wohnhausanlagen. Begrünung aller Innenhöfe.';
    const salad = 'begrünung aller wohnhausanlagen. an allen innenhöfe, den in solarpaneele feuermauern';
    expect(diceOf(comment, salad)).toBeGreaterThanOrEqual(NEAR_COPY_AUTO_AT);
    expect(isCopyEdit(fold(salad), fold(comment), 'de')).toBe(false);
    expect(isCopyEdit(fold(comment), fold(salad), 'de')).toBe(false);
    const english = 'Presidential candidates should be required to release ten years of their tax returns';
    expect(isCopyEdit(fold(english), fold('tax candidates of should years be required their to release ten returns presidential'), 'en')).toBe(false);
    // two words swapped far apart are still a copy
    expect(isCopyEdit(fold(english), fold('Presidential candidates should be required to release ten years of their returns tax'), 'en')).toBe(true);
  });

  it('tells the same words shuffled from a phrase moved, a copy or a short rewording', () => {
    const comment = 'Solarpaneele an allen Feuermauern in den Wohnhausanlagen. Begrünung aller Innenhöfe.';
    const salad = 'begrünung aller wohnhausanlagen. an allen innenhöfe, den in solarpaneele feuermauern';
    expect(isShuffleOf(fold(salad), fold(comment), 'de')).toBe(true);
    expect(isShuffleOf(fold(comment), fold(salad), 'de')).toBe(true);
    const english = 'Presidential candidates should be required to release ten years of their tax returns';
    expect(isShuffleOf(fold('tax candidates of should years be required their to release ten returns presidential'), fold(english), 'en')).toBe(true);
    // a phrase moved, a copy, a word swapped: the order is kept around them
    expect(isShuffleOf(fold('Cars should be banned from the city centre on Sundays'), fold('In the city centre, cars should be banned on Sundays'), 'en')).toBe(false);
    expect(isShuffleOf(fold(english), fold(english), 'en')).toBe(false);
    expect(isShuffleOf(fold(english), fold('Presidential candidates should be required to release ten years of their returns tax'), 'en')).toBe(false);
    // too few words in common to tell
    expect(isShuffleOf(fold('I identify as an Asian person'), fold('Person: I identify as LGBTQIA'), 'en')).toBe(false);
  });

  it('does not take a text that adds a word to an earlier one for its copy (a moderator sees what it adds)', () => {
    const earlier = 'Ich bin bereit, Windräder auch in meinem näheren Umfeld zu akzeptieren.';
    const labelled = 'Klimarat: Ich bin bereit, Windräder auch in meinem näheren Umfeld zu akzeptieren.';
    expect(diceOf(earlier, labelled)).toBeGreaterThanOrEqual(NEAR_COPY_AUTO_AT);
    expect(isCopyEdit(fold(earlier), fold(labelled), 'de')).toBe(false);
    // the other way round, a word dropped, it is a copy
    expect(isCopyEdit(fold(labelled), fold(earlier), 'de')).toBe(true);
    // a typo of a function word is an edit, not a word added
    expect(isCopyEdit(fold('Il faut taxer le capital pour financer un modèle social solidaire'), fold('Il faut taxer le capital puor financer un modèle social solidaire'), 'fr')).toBe(true);
    expect(isCopyEdit(fold('Donner les subventions aux agriculteurs bio'), fold('Il faut donner les subventions aaux agriculteurs bio'), 'fr')).toBe(true);
  });

  it('tells a negation or another number apart from a copy', () => {
    expect(differsInMeaningMarkers(fold(ORIGINAL), fold(ORIGINAL.replace('Il faut', 'Il ne faut pas')), 'fr')).toBe(true);
    expect(differsInMeaningMarkers(fold('Il faut fixer la limite à 15 ans'), fold('Il faut fixer la limite à 18 ans'), 'fr')).toBe(true);
    // the negations of every consultation language
    for (const [language, text, negated] of [
      ['en', 'We should build more roads in the city centre', 'We should not build more roads in the city centre'],
      ['en', 'We should ban cars in the city centre', "We shouldn't ban cars in the city centre"],
      ['de', 'Wir sollten Autos in der Innenstadt verbieten', 'Wir sollten Autos in der Innenstadt nicht verbieten'],
      ['es', 'Hay que construir más carreteras en el centro', 'No hay que construir más carreteras en el centro'],
      ['es', 'Hay que cerrar el centro a los coches', 'Hay que cerrar el centro sin los coches'],
      ['it', 'Bisogna costruire più strade nel centro', 'Non bisogna mai costruire strade nel centro'],
    ] as const) expect([negated, differsInMeaningMarkers(fold(text), fold(negated), language)]).toEqual([negated, true]);
  });
});

describe('edit distance (banded: at most max + 1 per row)', () => {
  /** The full Levenshtein table, the reference the band must agree with. */
  const full = (a: string, b: string) => {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row;
    }
    return prev[b.length]!;
  };

  it('agrees with the full table, capped at max + 1, on every pair of short words over a small alphabet', () => {
    const words = [''];
    for (let length = 1; length <= 4; length++) for (const w of words.filter((x) => x.length === length - 1)) words.push(`${w}a`, `${w}b`, `${w}c`);
    const disagreements: string[] = [];
    for (const a of words) for (const b of words) for (const max of [0, 1, 2, 3]) {
      if (editDistance(a, b, max) !== Math.min(full(a, b), max + 1)) disagreements.push(`${a}/${b}/${max}`);
    }
    expect(words.length).toBe(121);
    expect(disagreements).toEqual([]);
  });

  it('compares two 5,000-letter words within the band: a typo is found, a shift beyond max is not', () => {
    const long = 'ab'.repeat(2500);
    expect(editDistance(long, `${long.slice(0, -1)}x`, 2)).toBe(1);
    expect(editDistance(long, `xyz${long.slice(3)}`, 2)).toBe(3);
    expect(isCopyEdit(long, `${long.slice(0, -1)}x`, 'fr')).toBe(true);
    expect(isCopyEdit(`${long} velo`, `${long.slice(0, -1)}x bus`, 'fr')).toBe(false);
  });
});

describe('content terms', () => {
  it('keeps stemmed content words once, without the formula and function words', () => {
    expect(contentTerms(fold("Il faut protéger les femmes, protéger les enfants et les femmes"), 'fr')).toEqual(['proteg', 'femm', 'enfant']);
  });

  it('is empty for a text of function words only', () => {
    expect(contentTerms(fold('Il faut que les'), 'fr')).toEqual([]);
    expect(bandKeys('', 'fr')).toEqual([]);
  });
});

describe('each consultation language has its own stop words and stemmer', () => {
  it.each([
    ['en', 'We should protect the parks and the rivers of our city', ['protect', 'park', 'river', 'citi']],
    ['de', 'Wir sollten die Radwege und die Parks in der Stadt schützen', ['radweg', 'park', 'stadt', 'schutz']],
    ['es', 'Hay que proteger los parques y los ríos de la ciudad', ['proteg', 'parqu', 'rios', 'ciud']],
    ['it', 'Bisogna proteggere i parchi e i fiumi della città', ['protegg', 'parc', 'fium', 'citt']],
  ] as const)('%s: the terms are the stems of the content words only', (language, text, terms) => {
    expect(contentTerms(fold(text), language)).toEqual(terms);
  });

  it('a text of function words has no shingles in its own language (French ones used to be its only content)', () => {
    expect(bandKeys(fold('and the of to in it is'), 'en')).toEqual([]);
    expect(bandKeys(fold('und der die das in zu ist'), 'de')).toEqual([]);
    expect(bandKeys(fold('and the of to in it is'), 'fr')).toHaveLength(BANDS);
  });

  it.each([
    ['en', 'We should ban cars downtown on Sundays', 'We must ban cars downtown on Sundays'],
    ['de', 'Man sollte die Radwege in der Stadt ausbauen', 'Man muss die Radwege in der Stadt ausbauen'],
    ['es', 'Hay que cerrar el centro a los coches los domingos', 'Se debe cerrar el centro a los coches los domingos'],
    ['it', 'Bisogna chiudere il centro alle auto la domenica', 'Si deve chiudere il centro alle auto la domenica'],
  ] as const)('%s: another opening verb is a copy edit, as "Il faut" -> "Il faudrait" is in French', (language, a, b) => {
    expect(isCopyEdit(fold(a), fold(b), language)).toBe(true);
    expect(differsInMeaningMarkers(fold(a), fold(b), language)).toBe(false);
    // with French's stop words, the verb was a content word replaced
    expect(isCopyEdit(fold(a), fold(b), 'fr')).toBe(false);
  });

  it.each([
    ['en', 'We need more parking downtown', 'We need less parking downtown'],
    ['en', 'Vote for the new tram line', 'Vote against the new tram line'],
    ['de', 'Wir brauchen mehr Parkplätze in der Stadt', 'Wir brauchen weniger Parkplätze in der Stadt'],
    ['es', 'Necesitamos más aparcamientos en el centro', 'Necesitamos menos aparcamientos en el centro'],
    ['it', 'Servono più parcheggi in centro', 'Servono meno parcheggi in centro'],
  ] as const)('%s: a stop word that turns the meaning ("more" / "less") keeps the pair from being a copy', (language, a, b) => {
    expect(differsInMeaningMarkers(fold(a), fold(b), language)).toBe(true);
  });
});
