/**
 * How people disguise a word to get it past a filter: each transformation rewrites one word as a reader would still
 * read it (docs/ARCHITECTURE.md, "Text normalisation"). Used by the evasion suite (test/unit/checks/evasion.test.ts).
 */

export interface Transformation {
  name: string;
  /** the disguised word, or null when the transformation leaves this word as it is (no letter it applies to) */
  apply(word: string): string | null;
}

const byLetter = (map: Record<string, string>) => (word: string): string | null => {
  const out = [...word].map((c) => map[c] ?? c).join('');
  return out === word ? null : out;
};

/** the first letter that has a look-alike in `map`, and only that one (one letter is enough to dodge a lexicon) */
const oneLetter = (map: Record<string, string>) => (word: string): string | null => {
  const i = [...word].findIndex((c) => map[c] !== undefined);
  if (i < 0) return null;
  const chars = [...word];
  chars[i] = map[chars[i]!]!;
  return chars.join('');
};

const between = (separator: string) => (word: string) => [...word].join(separator);
const inTheMiddle = (insert: string) => (word: string) => word.slice(0, word.length >> 1) + insert + word.slice(word.length >> 1);
const afterEach = (mark: string) => (word: string) => [...word].map((c) => c + mark).join('');
/** a letter a → the code point of `a` in a block laid out a–z (full-width, mathematical alphabets, circled…) */
const alphabet = (a: number) => (word: string): string => [...word].map((c) => (/[a-z]/.test(c) ? String.fromCodePoint(a + c.charCodeAt(0) - 97) : c)).join('');

export const CYRILLIC: Record<string, string> = { a: 'а', c: 'с', e: 'е', o: 'о', p: 'р', x: 'х', y: 'у', i: 'і', s: 'ѕ', j: 'ј', h: 'һ', d: 'ԁ', q: 'ԛ', w: 'ԝ', k: 'к', m: 'м', t: 'т', b: 'в', n: 'п' };
const GREEK: Record<string, string> = { o: 'ο', a: 'α', i: 'ι', k: 'κ', v: 'ν', u: 'υ', p: 'ρ', t: 'τ', n: 'η', e: 'ε', y: 'γ', b: 'β' };
const ARMENIAN: Record<string, string> = { o: 'օ', h: 'հ', n: 'ո', u: 'ս', g: 'ց', q: 'զ' };
const LATIN_LOOKALIKES: Record<string, string> = { a: 'ɑ', g: 'ɡ', i: 'ı', u: 'ʋ', l: 'ⅼ', o: 'ᴏ', c: 'ϲ', e: 'ҽ', r: 'г', d: 'ⅾ', m: 'ⅿ' };
const CHEROKEE: Record<string, string> = { a: 'Ꭺ', b: 'Ᏼ', c: 'Ꮯ', d: 'Ꭰ', e: 'Ꭼ', h: 'Ꮋ', k: 'Ꮶ', l: 'Ꮮ', m: 'Ꮇ', z: 'Ꮓ', s: 'Ꮪ', t: 'Ꭲ', w: 'Ꮃ', v: 'Ꮩ', p: 'Ꮲ', r: 'Ꭱ' };
const SMALL_CAPITALS: Record<string, string> = {
  a: 'ᴀ', b: 'ʙ', c: 'ᴄ', d: 'ᴅ', e: 'ᴇ', f: 'ꜰ', g: 'ɢ', h: 'ʜ', i: 'ɪ', j: 'ᴊ', k: 'ᴋ', l: 'ʟ', m: 'ᴍ', n: 'ɴ', o: 'ᴏ', p: 'ᴘ',
  q: 'ꞯ', r: 'ʀ', s: 'ꜱ', t: 'ᴛ', u: 'ᴜ', v: 'ᴠ', w: 'ᴡ', y: 'ʏ', z: 'ᴢ',
};
const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' };
/** per letter, the look-alike of the script whose turn it is: a word drawn from several scripts at once */
const mixedScripts = (word: string): string | null => {
  const scripts = [CYRILLIC, GREEK, ARMENIAN, LATIN_LOOKALIKES, CHEROKEE];
  let turn = 0;
  const out = [...word].map((c) => {
    for (let k = 0; k < scripts.length; k++) {
      const s = scripts[(turn + k) % scripts.length]!;
      if (s[c]) { turn++; return s[c]; }
    }
    return c;
  }).join('');
  return out === word ? null : out;
};

const INVISIBLES: readonly [string, string][] = [
  ['U+200B zero-width space', '\u200B'], ['U+200C zero-width non-joiner', '\u200C'], ['U+200D zero-width joiner', '\u200D'],
  ['U+2060 word joiner', '\u2060'], ['U+00AD soft hyphen', '\u00AD'], ['U+061C Arabic letter mark', '\u061C'],
  ['U+E0020 tag space', '\u{E0020}'], ['U+180E Mongolian vowel separator', '\u180E'], ['U+FEFF BOM', '\uFEFF'],
  ['U+034F combining grapheme joiner', '\u034F'], ['U+FE0F variation selector', '\uFE0F'], ['U+200E left-to-right mark', '\u200E'],
  ['U+200F right-to-left mark', '\u200F'], ['U+2062 invisible times', '\u2062'], ['U+1D173 musical begin beam', '\u{1D173}'],
];
const BLANKS: readonly [string, string][] = [['U+3164 Hangul filler', '\u3164'], ['U+2800 braille blank', '\u2800'], ['U+FFA0 half-width Hangul filler', '\uFFA0']];

export const TRANSFORMATIONS: readonly Transformation[] = [
  { name: 'one Cyrillic letter', apply: oneLetter(CYRILLIC) },
  { name: 'Cyrillic look-alikes', apply: byLetter(CYRILLIC) },
  { name: 'one Greek letter', apply: oneLetter(GREEK) },
  { name: 'Greek look-alikes', apply: byLetter(GREEK) },
  { name: 'Armenian look-alikes', apply: byLetter(ARMENIAN) },
  { name: 'Cherokee look-alikes', apply: byLetter(CHEROKEE) },
  { name: 'Latin look-alikes (ɑ ɡ ı ⅼ ϲ)', apply: byLetter(LATIN_LOOKALIKES) },
  { name: 'mixed scripts', apply: mixedScripts },
  ...INVISIBLES.flatMap(([name, c]): Transformation[] => [
    { name: `${name} after each letter`, apply: afterEach(c) },
    { name: `${name} in the middle`, apply: inTheMiddle(c) },
  ]),
  ...BLANKS.map(([name, c]): Transformation => ({ name: `${name} in the middle`, apply: inTheMiddle(c) })),
  { name: 'spaced letters', apply: between(' ') },
  { name: 'dotted letters', apply: between('.') },
  { name: 'dashed letters', apply: between('-') },
  { name: 'letters between ideographic spaces', apply: between('\u3000') },
  { name: 'letters between em spaces', apply: between('\u2003') },
  { name: 'letters between no-break spaces', apply: between('\u00A0') },
  { name: 'cut in two by a space', apply: inTheMiddle(' ') },
  { name: 'leetspeak', apply: byLetter(LEET) },
  { name: 'leetspeak, one letter', apply: oneLetter(LEET) },
  { name: 'small capitals', apply: byLetter(SMALL_CAPITALS) },
  { name: 'capitals', apply: (w) => w.toUpperCase() },
  { name: 'full-width', apply: alphabet(0xFF41) },
  { name: 'mathematical bold', apply: alphabet(0x1D41A) },
  { name: 'mathematical bold script', apply: alphabet(0x1D4EA) },
  { name: 'mathematical double-struck', apply: alphabet(0x1D552) },
  { name: 'mathematical sans-serif bold italic', apply: alphabet(0x1D656) },
  { name: 'mathematical monospace', apply: alphabet(0x1D68A) },
  { name: 'circled letters', apply: alphabet(0x24D0) },
  { name: 'negative squared letters', apply: alphabet(0x1F170) },
  { name: 'parenthesised letters', apply: alphabet(0x249C) },
  { name: 'combining long stroke on each letter', apply: afterEach('\u0336') },
  { name: 'combining acute on each letter', apply: afterEach('\u0301') },
  { name: 'zalgo (three marks per letter)', apply: afterEach('\u0315\u031B\u0340') },
  { name: 'combining low line', apply: afterEach('\u0332') },
  { name: 'stretched letters', apply: (w) => w.replace(/([aeiou])/, '$1$1$1$1') },
  { name: 'Cyrillic + zero-width spaces', apply: (w) => afterEach('\u200B')(byLetter(CYRILLIC)(w) ?? w) },
  { name: 'leetspeak + full-width', apply: (w) => alphabet(0xFF41)(byLetter(LEET)(w) ?? w).replace(/[0-9]/g, (d) => String.fromCodePoint(0xFF10 + Number(d))) },
  { name: 'small capitals + combining marks', apply: (w) => afterEach('\u0308')(byLetter(SMALL_CAPITALS)(w) ?? w) },
];

/** Bidi tricks: refused at intake (models/schemas.ts), so they never reach the checks. */
export const BIDI_TRICKS: readonly Transformation[] = [
  { name: 'right-to-left override around the reversed word', apply: (w) => `\u202E${[...w].reverse().join('')}\u202C` },
  { name: 'right-to-left isolate around the reversed word', apply: (w) => `\u2067${[...w].reverse().join('')}\u2069` },
  { name: 'right-to-left embedding', apply: (w) => `\u202B${w}\u202C` },
  { name: 'left-to-right override inside the word', apply: (w) => `${w.slice(0, 2)}\u202D${w.slice(2)}\u202C` },
  { name: 'first-strong isolate', apply: (w) => `\u2068${w}\u2069` },
];
