/**
 * Personal numbers of the consultation countries, recognised by their structure and validated by their check
 * digit or letter, so an ordinary number (a budget, a year, a law's number) is not taken for one:
 * IBAN (ISO 13616, mod 97), French NIR (mod 97 key), German Steuer-ID (ISO 7064 MOD 11,10 and its digit
 * repetition rule), UK National Insurance number (prefix rules, no check character exists), Italian codice
 * fiscale (its check letter, with the omocodia substitutions), Spanish DNI and NIE (mod 23 letter), and phone
 * numbers (international with a country code everywhere; national formats of the consultation's country).
 *
 * User text is hostile: numbers are read by one left-to-right scan (`numberRuns`), and the patterns over letters
 * have fixed lengths (no nested quantifier), so matching stays linear in the text's length.
 */
import type { SupportedLanguage } from './languages/registry.js';

export type IdentifierKind = 'iban' | 'nir' | 'nirWithoutKey' | 'taxId' | 'nino' | 'codiceFiscale' | 'dni' | 'nie' | 'phone';

export interface Identifier { kind: IdentifierKind; score: number }

/** IBAN lengths of the consultation countries' (others: any length that passes mod 97) */
const IBAN_LENGTH: Readonly<Record<string, number>> = { FR: 27, DE: 22, GB: 22, IE: 22, IT: 27, ES: 24, AT: 20, CH: 21, BE: 16, LU: 20, MC: 27 };
const IBAN = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b/gi;

/** sex, year, month (or 20-99 for special cases), department (2A/2B for Corsica), commune, order, optional key */
const NIR = /(?<!\d)([12])\s?(\d{2})\s?(0[1-9]|1[0-2]|[2-9]\d)\s?(\d{2}|2A|2B)\s?(\d{3})\s?(\d{3})(?:\s?(\d{2}))?(?!\d)/i;

/** UK National Insurance number: two prefix letters (not D, F, I, Q, U, V; not O second), six digits in pairs,
 * a suffix A–D. Upper case, as HMRC writes it. */
const NINO = /(?<![\p{L}\p{N}])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D](?![\p{L}\p{N}])/gu;
const NINO_NEVER_ISSUED = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);

/** Italian codice fiscale: surname and name letters, year, month letter, day (+40 for women), town, check letter;
 * the digits may be replaced by L–V when two people would share a code (omocodia). */
const CODICE_FISCALE = /(?<![\p{L}\p{N}])[A-Z]{6}[\dLMNP-V]{2}[ABCDEHLMPRST][\dLMNP-V]{2}[A-Z][\dLMNP-V]{3}[A-Z](?![\p{L}\p{N}])/giu;
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const OMOCODIA = 'LMNPQRSTUV';

/** Spanish DNI (8 digits) or NIE (X, Y or Z and 7 digits), then the check letter; "12.345.678-Z" as printed. */
const DNI = /(?<![\p{L}\p{N}])([XYZ]?)(\d{1,2}\.?\d{3}\.?\d{3})[\s-]?([A-Z])(?![\p{L}\p{N}])/gu;
const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Characters that may separate the groups of a written number. */
const SEPARATORS = new Set([' ', '.', '-', '/', '(', ')', '\u00A0', '\u202F']);
/** what follows an amount, not a phone number */
const AMOUNT_AFTER = /^\s?(?:[€$£%]|eur|euros?|pounds?|dollars?|millions?|milliards?|millones|milioni|miliardi|mio|mrd)/i;

/** A number as written: its digits, whether it started with "+", and the sizes of its groups. */
interface NumberRun { digits: string; plus: boolean; groups: number[]; after: string }

/** Every written number of `text`: digits with at most one separator between groups ("+33 (0)6 12-34 56 78"), in
 * one pass. A run touching a letter ("A562", "2A") is not a number. */
export function numberRuns(text: string): NumberRun[] {
  const runs: NumberRun[] = [];
  let i = 0;
  while (i < text.length) {
    const plus = text[i] === '+' && isDigit(text[i + 1]);
    if (!plus && !isDigit(text[i])) { i++; continue; }
    const touchesLetter = i > 0 && isWordChar(text[i - 1]!);
    let j = plus ? i + 1 : i;
    let digits = '';
    const groups: number[] = [];
    let group = 0;
    for (;;) {
      if (isDigit(text[j])) { digits += text[j]; group++; j++; continue; }
      // one separator (or a bracket next to a space) between two digits continues the number
      let k = j;
      while (k < text.length && k - j < 2 && SEPARATORS.has(text[k]!)) k++;
      if (k > j && isDigit(text[k])) { groups.push(group); group = 0; j = k; continue; }
      break;
    }
    groups.push(group);
    if (!touchesLetter && !(j < text.length && /\p{L}/u.test(text[j]!))) runs.push({ digits, plus, groups, after: text.slice(j, j + 12) });
    i = j;
  }
  return runs;
}

function isDigit(ch: string | undefined): boolean { return ch !== undefined && ch >= '0' && ch <= '9'; }
function isWordChar(ch: string): boolean { return /[\p{L}\p{N}]/u.test(ch); }

/** Every personal number of `text` (upper-case letters as written; the caller passes the normalised text). */
export function identifiersIn(text: string, language: SupportedLanguage): Identifier[] {
  const found: Identifier[] = [];
  if (hasIban(text)) found.push({ kind: 'iban', score: 0.99 });
  const nir = nirIn(text);
  if (nir) found.push(nir);
  for (const m of text.matchAll(NINO)) if (!NINO_NEVER_ISSUED.has(m[1]!)) { found.push({ kind: 'nino', score: 0.9 }); break; }
  for (const m of text.matchAll(CODICE_FISCALE)) if (isCodiceFiscale(m[0])) { found.push({ kind: 'codiceFiscale', score: 0.99 }); break; }
  for (const m of text.matchAll(DNI)) {
    const kind = dniKind(m[1]!, m[2]!.replace(/\./g, ''), m[3]!);
    if (kind) { found.push({ kind, score: 0.99 }); break; }
  }
  const runs = numberRuns(text);
  if (runs.some((r) => r.digits.length === 11 && isSteuerId(r.digits))) found.push({ kind: 'taxId', score: 0.9 });
  if (runs.some((r) => isPhone(r, language))) found.push({ kind: 'phone', score: 0.9 });
  return found;
}

function hasIban(text: string): boolean {
  for (const m of text.matchAll(IBAN)) {
    const compact = m[0].replace(/\s/g, '').toUpperCase();
    const length = IBAN_LENGTH[compact.slice(0, 2)];
    // a known country's IBAN followed by other characters: its own length only
    if (length !== undefined ? compact.length >= length && mod97(compact.slice(0, length)) === 1 : mod97(compact) === 1) return true;
  }
  return false;
}

/** IBAN check: move the first four characters to the end, letters become 10..35, the number mod 97 is 1. */
export function mod97(iban: string): number {
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest;
}

function nirIn(text: string): Identifier | null {
  const m = NIR.exec(text);
  if (!m) return null;
  const [, sex, year, month, dept, commune, order, key] = m;
  if (key === undefined) return { kind: 'nirWithoutKey', score: 0.8 };
  // Corsica: 2A counts as 19, 2B as 18 in the key computation
  const deptNumber = dept!.toUpperCase() === '2A' ? '19' : dept!.toUpperCase() === '2B' ? '18' : dept!;
  const body = BigInt(`${sex}${year}${month}${deptNumber}${commune}${order}`);
  return 97n - (body % 97n) === BigInt(key) ? { kind: 'nir', score: 0.99 } : null;
}

/** German tax identification number: 11 digits, no leading 0; in the first ten, one digit appears twice or three
 * times (three times never in a row) and every other at most once; the last is the ISO 7064 MOD 11,10 check digit. */
export function isSteuerId(digits: string): boolean {
  if (!/^[1-9]\d{10}$/.test(digits)) return false;
  const counts = new Map<string, number>();
  for (const d of digits.slice(0, 10)) counts.set(d, (counts.get(d) ?? 0) + 1);
  const repeated = [...counts.values()].filter((n) => n > 1);
  if (repeated.length !== 1 || repeated[0]! > 3) return false;
  if (repeated[0] === 3 && /(\d)\1\1/.test(digits.slice(0, 10))) return false;
  return steuerIdCheckDigit(digits.slice(0, 10)) === Number(digits[10]);
}

/** ISO 7064 MOD 11,10 over the ten first digits. */
export function steuerIdCheckDigit(first10: string): number {
  let product = 10;
  for (const d of first10) {
    let sum = (Number(d) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}

/** The check letter of the 15 first characters of a codice fiscale. */
export function codiceFiscaleCheck(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = first15.charCodeAt(i);
    const value = c <= 57 ? c - 48 : c - 65;
    // positions 1, 3, 5… (1-based) use the odd table, which is indexed like the even values (0-9, A-Z)
    sum += i % 2 === 0 ? CF_ODD[value]! : value;
  }
  return String.fromCharCode(65 + (sum % 26));
}

function isCodiceFiscale(code: string): boolean {
  const upper = code.toUpperCase();
  // a code without a digit would be all omocodia letters: rarer than a long word that happens to fit the pattern
  if (!/\d/.test(upper)) return false;
  // the day (positions 10-11, omocodia letters read back as digits) is 1-31, or 41-71 for women
  const day = Number([...upper.slice(9, 11)].map((c) => (OMOCODIA.includes(c) ? OMOCODIA.indexOf(c) : c)).join(''));
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) return false;
  return codiceFiscaleCheck(upper.slice(0, 15)) === upper[15];
}

function dniKind(prefix: string, number: string, letter: string): 'dni' | 'nie' | null {
  const upperPrefix = prefix.toUpperCase();
  if (upperPrefix === '' ? number.length !== 8 : number.length !== 7) return null;
  const value = Number(upperPrefix === '' ? number : `${'XYZ'.indexOf(upperPrefix)}${number}`);
  if (DNI_LETTERS[value % 23] !== letter.toUpperCase()) return null;
  return upperPrefix === '' ? 'dni' : 'nie';
}

/** The check letter of a DNI number (8 digits) or of a NIE whose X/Y/Z was replaced by 0/1/2. */
export const dniLetter = (number: string): string => DNI_LETTERS[Number(number) % 23]!;

/** International numbers (+CC or 00CC, 8–15 digits as E.164 allows) everywhere; the national formats of the
 * consultation's country (English: the United Kingdom). Service numbers (free, shared cost, premium) are not a
 * person's. An amount ("600 000 000 €") is not a phone number. */
function isPhone(run: NumberRun, language: SupportedLanguage): boolean {
  if (AMOUNT_AFTER.test(run.after) || /0{5}$/.test(run.digits) || isDate(run)) return false;
  const d = run.digits;
  if (run.plus || d.startsWith('00')) {
    const international = run.plus ? d : d.slice(2);
    // "+33 (0)6 …": the trunk 0 in brackets is not dialled
    const national = international.replace(/^(33|44|49|39|34|41|43|32)0/, '$1');
    return national.length >= 8 && national.length <= 15 && /^[1-9]/.test(national) && !isServiceNumber(national);
  }
  return NATIONAL_PHONE[language](d, run.groups);
}

/** "05.12.2026 10:30": day, month, year (and an hour) run together, not a phone number. */
function isDate({ digits, groups }: NumberRun): boolean {
  return groups[0] === 2 && groups[1] === 2 && groups[2] === 4 && /^(?:19|20)$/.test(digits.slice(4, 6));
}

/** International numbers of services (toll-free, shared cost, premium) of the five countries. */
function isServiceNumber(international: string): boolean {
  return /^(?:33[89]|44(?:8|9)|49(?:180|137|700|800|900)|34(?:80|90)|39(?:80|89))/.test(international);
}

const NATIONAL_PHONE: Readonly<Record<SupportedLanguage, (digits: string, groups: number[]) => boolean>> = {
  // 0X XX XX XX XX; 08 are services (helplines, toll-free), 0800 05 95 95 is no one's
  fr: (d) => /^0[1-79]\d{8}$/.test(d),
  // 01, 02, 03 geographic and 07 mobile, 11 digits (08 and 09 are services)
  en: (d) => /^0[1237]\d{9}$/.test(d),
  // area code and subscriber, 10–12 digits with the trunk 0; 0800, 0180x, 0137, 0700, 0900 are services
  de: (d) => /^0[1-9]\d{8,10}$/.test(d) && !/^0(?:800|180|137|700|900)/.test(d),
  // 9 digits, 6/7 mobile, 8/9 geographic (80x and 90x are services), written as one block or from 3 digits
  es: (d, groups) => /^(?:[67]\d|8[1-9]|9[1-9])\d{7}$/.test(d) && (groups.length === 1 || groups[0] === 3 || groups[0] === 2),
  // 3xx mobiles (10 digits), 0x geographic (6–11 digits with the 0; 800/803 free numbers start with 8)
  it: (d) => /^3\d{9}$/.test(d) || /^0[1-9]\d{7,9}$/.test(d),
};
