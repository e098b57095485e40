/**
 * What a text reads as, whatever characters draw it: the matching key of the lexicon checks (toxic words, promo
 * phrases, …), language-neutral, so a lexicon in any language is matched the same way — build the lexicon's
 * entries with `matchKey` too and compare keys.
 *
 * - `withoutInvisibles`: default-ignorable and format characters (zero-width, joiners, U+061C, tags U+E0000–E007F,
 *   variation selectors…) removed; characters that draw a blank (Hangul fillers U+3164/U+FFA0/U+115F/U+1160,
 *   braille blank U+2800) become a space, as a reader sees them.
 * - `skeleton`: a Unicode TR39 skeleton (UTS #39 §4, confusables.txt as shipped by the `unhomoglyph` package,
 *   MIT, data version 13.0.0) adapted to matching words rather than identifiers: compatibility forms folded
 *   (NFKD: full-width, mathematical and circled letters, ligatures, superscripts), lower case, combining marks
 *   stripped, small capitals and letter-like symbols the data lacks mapped, and each remaining non-ASCII character
 *   replaced by its prototype. ASCII is left as it is: TR39 maps "m" to "rn", "I" and "1" to "l", "0" to "O",
 *   which would merge ordinary words of Latin-script languages ("come"/"corne"); digits used as letters are
 *   leetspeak, undone by `undoLeet` where a lexicon wants it.
 * - `matchKey`: the skeleton with everything but letters and digits turned into single spaces.
 * - `hasBidiControls`: embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make a text display
 *   in another order than the one it is read in. Intake refuses them (models/schemas.ts `userText`).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Characters that change the display order of what follows them. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/u;
/** Invisible characters whose glyph is a blank: what a reader takes for a space. */
const BLANKS = /[\u115F\u1160\u2800\u3164\uFFA0]/gu;
/** Default-ignorable code points (ZW*, U+061C, U+180E, tags, variation selectors…) and other format characters. */
const INVISIBLES = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;
const MARKS = /\p{M}/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/** Small capitals (ᴄᴏɴɴᴀʀᴅ): confusables.txt maps only those that look like a lower-case letter. */
const SMALL_CAPITALS: Record<string, string> = {
  ᴀ: 'a', ʙ: 'b', ᴃ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ꜰ: 'f', ɢ: 'g', ʛ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l',
  ᴌ: 'l', ᴍ: 'm', ɴ: 'n', ᴏ: 'o', ɶ: 'oe', ᴘ: 'p', ꞯ: 'q', ʀ: 'r', ʁ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w',
  ʏ: 'y', ᴢ: 'z', ᴁ: 'ae',
};
/** Letter-like symbols without a compatibility decomposition: regional indicators 🇦, negative circled 🅐 and
 * negative squared 🅰 letters. */
const LETTER_SYMBOL_BLOCKS: readonly number[] = [0x1F1E6, 0x1F150, 0x1F170];

/** Prototypes that TR39 keeps apart from an ASCII letter but that a reader takes for it in running text (Cyrillic
 * "м" → "ʍ", "к" → "ĸ", "п" → "π", Greek "ε" → "ꞓ", "β" → "ß"); small-capital prototypes ("т" → "ᴛ") go through SMALL_CAPITALS. */
const READ_AS_ASCII: Record<string, string> = { rn: 'm', ĸ: 'k', ʍ: 'm', ꞓ: 'e', π: 'n', ß: 'b' };

let prototypes: Map<number, string> | null = null;

/** Non-ASCII code point → what it reads as, in lower case without marks. */
function prototypeTable(): Map<number, string> {
  if (prototypes) return prototypes;
  const data = require('unhomoglyph/data.json') as Record<string, string>;
  const table = new Map<number, string>();
  for (const [source, target] of Object.entries(data)) {
    const code = source.codePointAt(0)!;
    if (code < 0x80) continue;
    const read = [...stripMarks(target.normalize('NFKD').toLowerCase())].map((c) => SMALL_CAPITALS[c] ?? c).join('');
    table.set(code, READ_AS_ASCII[read] ?? read);
  }
  for (const [small, letter] of Object.entries(SMALL_CAPITALS)) table.set(small.codePointAt(0)!, letter);
  for (const first of LETTER_SYMBOL_BLOCKS) {
    for (let i = 0; i < 26; i++) table.set(first + i, String.fromCharCode(0x61 + i));
  }
  return prototypes = table;
}

const stripMarks = (text: string) => text.replace(MARKS, '');

/** One lower-case character (after canonical decomposition) → what it reads as: the Latin letters of its
 * compatibility decomposition when they are ASCII (𝐜 → c, ⓛ → l, ﬁ → fi: TR39 would read ⓛ as Ⓘ), else its
 * prototype, else the prototypes of its compatibility decomposition, else itself. Memoised per code point. */
const readAs = new Map<number, string>();
const ASCII = /^[\x00-\x7F]*$/;
const NON_ASCII = /[^\x00-\x7F]/gu;

function read(char: string): string {
  const code = char.codePointAt(0)!;
  let out = readAs.get(code);
  if (out === undefined) {
    const table = prototypeTable();
    const compatible = stripMarks(char.normalize('NFKD').toLowerCase());
    out = compatible !== char && ASCII.test(compatible) ? compatible
      : table.get(code) ?? stripMarks([...compatible].map((c) => table.get(c.codePointAt(0)!) ?? c).join(''));
    // bounded: at most one entry per code point met
    if (readAs.size < 65_536) readAs.set(code, out);
  }
  return out;
}

export function hasBidiControls(text: string): boolean {
  return BIDI_CONTROLS.test(text);
}

/** Whether the text has a character that draws a blank without being a space (U+3164, U+2800…): inside a word it
 * reads as nothing, between words as a space; a lexicon check reads both ways (`withoutBlanks`). */
export function hasBlanks(text: string): boolean {
  BLANKS.lastIndex = 0;
  return BLANKS.test(text);
}

export function withoutBlanks(text: string): string {
  return text.replace(BLANKS, '');
}

export function withoutInvisibles(text: string): string {
  return text.replace(BLANKS, ' ').replace(INVISIBLES, '');
}

/** The TR39-style skeleton of a text (see above): lower case, what each character looks like, spacing and
 * punctuation kept. Linear in the text's length. */
export function skeleton(text: string): string {
  // ASCII reads as itself: only the other characters are looked up (most of a Latin-script text once its marks are
  // stripped, and a text of 5,000 was built one character at a time)
  return stripMarks(withoutInvisibles(text).normalize('NFD').toLowerCase()).replace(NON_ASCII, read);
}

/** The skeleton as words: letters and digits, single spaces between them. */
export function matchKey(text: string): string {
  return skeleton(text).replace(NOT_WORD, ' ').trim();
}

/** Digits and signs standing for letters ("c0nn4rd", "$alope", "€nculé"), in a word that has letters. */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', '$': 's', '!': 'i', '€': 'e', '|': 'l' };
const LEET_CHARS = /[0134578@$!€|]/;
const LETTER = /\p{L}/u;

export function undoLeet(token: string): string {
  if (!LEET_CHARS.test(token) || !LETTER.test(token)) return token;
  let out = '';
  for (const char of token) out += LEET[char] ?? char;
  return out;
}
