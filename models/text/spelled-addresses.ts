/**
 * Web and e-mail addresses spelt so that a filter misses them: "www . monsite . com", "monsite point com",
 * "monsite[.]com", "monsite (dot) com", "jean.dupont [at] gmail [dot] com", "jean arobase gmail point com".
 * `withSpelledAddresses` writes their separators as "." and "@", so the advertising and personal-data checks read
 * them as the addresses they are. A word-form dot ("point", "dot", "Punkt", "punto") counts only before a domain
 * ending ("un point commun", "the dot on the map" are left alone); "at" only in brackets (an English word), "arobase"
 * anywhere (no other meaning). Each pattern has a fixed shape around one separator: linear in the text's length.
 */
import { memoiseText } from './memo.js';

/** The domain endings a bare address is read by (the advertising check's links too), as a pattern's alternatives. */
export const DOMAIN_ENDINGS = 'com|fr|net|org|io|shop|store|biz|info|eu|co|me|app|online|site|de|uk|es|it|at|ch|be';
/** The endings that are words of the five languages: after a word-form dot they are prose ("un point de vue", "5 point
 * de TVA": "de" is a preposition before it is Germany). */
const WORDLIKE_ENDINGS = new Set(['co', 'me', 'app', 'de', 'es', 'it', 'at', 'ch', 'be']);
const ENDING = `(?:${DOMAIN_ENDINGS})(?![\\p{L}\\p{N}])`;
const UNWORDLIKE_ENDING = `(?:${DOMAIN_ENDINGS.split('|').filter((e) => !WORDLIKE_ENDINGS.has(e)).join('|')})(?![\\p{L}\\p{N}])`;
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

/** Read by the advertising and the personal-data checks of the same proposal: memoised. */
export const withSpelledAddresses = memoiseText((text: string): string => (MARKERS.test(text)
  ? SPELLED.reduce((reading, [pattern, separator]) => reading.replace(pattern, separator), text)
  : text));
