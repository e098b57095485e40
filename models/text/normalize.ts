/**
 * Text hygiene for hostile input. Three layers, each for its own purpose:
 * - `hasForbiddenCharacters`: what intake refuses outright (control characters, lone surrogates, non-characters).
 * - `normalizeText`: what the checks read — NFC, invisible characters removed, one kind of space and apostrophe.
 *   The text as sent is stored unchanged (platforms compare it with what they sent).
 * - `foldText`: a matching key — compatibility forms (NFKC: full-width letters, ligatures), lower case,
 *   accents and punctuation removed — so "Il FAUT  réduire…" and "il faut reduire" compare equal.
 */

// C0 controls except tab, LF and CR; DEL and C1 controls; Unicode non-characters.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]/u;
// Invisible format characters used to dodge filters: soft hyphen, zero-width and joiners, bidi controls, BOM.
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;
const SPACES = /[\s\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/gu;
const APOSTROPHES = /[\u2018\u2019\u201B\u02BC\u0060\u00B4]/gu;
const COMBINING_MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

export function hasForbiddenCharacters(text: string): boolean {
  return !text.isWellFormed() || FORBIDDEN.test(text);
}

export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(APOSTROPHES, "'")
    .replace(SPACES, ' ')
    .trim();
}

export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(INVISIBLE, '')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(NOT_WORD, ' ')
    .trim();
}

/** Words of a folded text. */
export function words(folded: string): string[] {
  return folded.length === 0 ? [] : folded.split(' ');
}
