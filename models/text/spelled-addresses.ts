/**
 * Web and e-mail addresses spelt so that a filter misses them: "www . monsite . com", "monsite point com",
 * "monsite[.]com", "monsite (dot) com", "jean.dupont [at] gmail [dot] com", "jean arobase gmail point com".
 * `withSpelledAddresses` writes their separators as "." and "@", so the advertising and personal-data checks read
 * them as the addresses they are. A word-form dot ("point", "dot", "Punkt", "punto") counts only before a domain
 * ending ("un point commun", "the dot on the map" are left alone); "at" only in brackets (an English word), "arobase"
 * anywhere (no other meaning). Each pattern has a fixed shape around one separator: linear in the text's length.
 */

/** The domain endings the advertising check knows (models/checks/advertising.ts, TLD), as a look-ahead. */
const ENDING = '(?:com|fr|net|org|io|shop|store|biz|info|eu|co|me|app|online|site|de|uk|es|it|at|ch|be)(?![\\p{L}\\p{N}])';
/** After a word-form dot, only the endings that are no word of the five languages ("un point de vue", "5 point de
 * TVA": "de" is a preposition before it is Germany). */
const UNWORDLIKE_ENDING = '(?:com|fr|net|org|io|shop|store|biz|info|eu|online|site|uk)(?![\\p{L}\\p{N}])';
const DOT_WORD = '(?:dot|point|punkt|punto)';
const OPEN = '[[({]';
const CLOSE = '[\\])}]';

const SPELLED: readonly [RegExp, string][] = [
  // "[.]", "(dot)", "{point}", with or without spaces around
  [new RegExp(` ?${OPEN} ?(?:\\.|${DOT_WORD}) ?${CLOSE} ?`, 'giu'), '.'],
  // "[at]", "(at)", "(arobase)", "{@}"
  [new RegExp(` ?${OPEN} ?(?:@|at|arobase|arobas|ät) ?${CLOSE} ?`, 'giu'), '@'],
  [/ (?:arobase|arobas) /giu, '@'],
  // "www . site", "site . com", "site point com"; the ending in lower case, as addresses are written (a sentence
  // ends before "Me too" or "It is")
  [/\bwww ?\. ?/giu, 'www.'],
  [new RegExp(` \\. ?(?=${ENDING})`, 'gu'), '.'],
  [new RegExp(` ${DOT_WORD} (?=${UNWORDLIKE_ENDING})`, 'gu'), '.'],
];

/** A cheap test first: most proposals hold none of the spellings' markers. */
const MARKERS = /[[({]|\barobas|\bwww\b| \.|\b(?:dot|point|punkt|punto) /iu;

export function withSpelledAddresses(text: string): string {
  if (!MARKERS.test(text)) return text;
  return SPELLED.reduce((reading, [pattern, separator]) => reading.replace(pattern, separator), text);
}
