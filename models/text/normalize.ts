/**
 * Text hygiene for hostile input. Three layers, each for its own purpose:
 * - `hasForbiddenCharacters`: what intake refuses outright (control characters, lone surrogates, non-characters);
 *   bidi overrides and isolates are refused too, by `userText` in models/schemas.ts (confusables.ts).
 * - `normalizeText`: what the checks read — NFC, invisible characters removed (default-ignorable and format
 *   characters; blank fillers read as a space), one kind of space and apostrophe.
 *   The text as sent is stored unchanged (platforms compare it with what they sent).
 * - `foldText`: a matching key — compatibility forms (NFKC: full-width letters, ligatures), lower case,
 *   accents and punctuation removed — so "Il FAUT  réduire…" and "il faut reduire" compare equal.
 *   Lexicon checks use `matchKey` (confusables.ts), which also reads look-alike letters of other scripts.
 */
import { withoutInvisibles } from './confusables.js';
import { memoiseText } from './memo.js';

// C0 controls except tab, LF and CR; DEL and C1 controls; Unicode non-characters.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]/u;
const SPACES = /[\s\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/gu;
const APOSTROPHES = /[\u2018\u2019\u201B\u02BC\u0060\u00B4]/gu;
const COMBINING_MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

export function hasForbiddenCharacters(text: string): boolean {
  return !text.isWellFormed() || FORBIDDEN.test(text);
}

// Each memoised (memoiseText): the checks and fingerprints of one proposal read its text again, and each pass is linear
// in a text of up to 5,000 characters (the CPU budget of issue 17, bench/cpu.ts).

export const normalizeText = memoiseText((text: string): string => withoutInvisibles(text.normalize('NFC'))
  .replace(APOSTROPHES, "'")
  .replace(SPACES, ' ')
  .trim());

export const foldText = memoiseText((text: string): string => withoutInvisibles(text.normalize('NFKD'))
  .replace(COMBINING_MARKS, '')
  .toLowerCase()
  .replace(NOT_WORD, ' ')
  .trim());

/** Words of a folded text (shared: never changed by a caller). */
export const words = memoiseText((folded: string): readonly string[] => (folded.length === 0 ? [] : folded.split(' ')));
