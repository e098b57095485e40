import type { Check } from './types.js';

interface Finding { score: number; detail: string }

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,}/iu;
/** French numbers: 0X XX XX XX XX or +33 / 0033 X XX XX XX XX, any of space, dot or dash between pairs.
 * 08 numbers are services (helplines, toll-free), not a person's. */
const PHONE = /(?<![\d+])(?:(?:\+|00)33[\s.-]?(?:\(0\))?[\s.-]?[1-79]|0[1-79])(?:[\s.-]?\d{2}){4}(?!\d)/;
const IBAN = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b/gi;
/** sex, year, month (or 20-99 for special cases), department (2A/2B for Corsica), commune, order, optional key */
const NIR = /(?<!\d)([12])\s?(\d{2})\s?(0[1-9]|1[0-2]|[2-9]\d)\s?(\d{2}|2A|2B)\s?(\d{3})\s?(\d{3})(?:\s?(\d{2}))?(?!\d)/i;
const ADDRESS = /\b\d{1,4}(?:\s?(?:bis|ter))?,?\s(?:rue|avenue|av\.|boulevard|bd|chemin|allée|impasse|place|quai|route|cours|square|résidence|lotissement)\s+\p{L}/iu;
const POSTCODE_CITY = /\b(?:0[1-9]|[1-8]\d|9[0-5]|2[AB])\d{3}\s+\p{Lu}[\p{L}-]+/u;

/**
 * Personal data that must not be published: e-mail address, phone number, IBAN and social-security number
 * (both checked with their mod-97 key, so a random number does not match), postal address.
 */
export const personalDataCheck: Check = {
  id: 'personal_data',
  kind: 'scored',
  autoRejectAt: 0.97,
  run({ proposal }) {
    const text = proposal.normalized;
    const findings = [iban(text), nir(text), email(text), phone(text), address(text)].filter((f): f is Finding => f !== null);
    if (findings.length === 0) return null;
    const best = findings.reduce((a, b) => (b.score > a.score ? b : a));
    return { code: 'personal_data', score: best.score, detail: findings.map((f) => f.detail).join(', ') };
  },
};

function email(text: string): Finding | null {
  // without an @ the pattern would try every start of a long word (quadratic on hostile input)
  return text.includes('@') && EMAIL.test(text) ? { score: 0.9, detail: 'adresse e-mail' } : null;
}

function phone(text: string): Finding | null {
  return PHONE.test(text) ? { score: 0.9, detail: 'numéro de téléphone' } : null;
}

function iban(text: string): Finding | null {
  for (const m of text.matchAll(IBAN)) {
    if (mod97(m[0].replace(/\s/g, '').toUpperCase()) === 1) return { score: 0.99, detail: 'IBAN (clé valide)' };
  }
  return null;
}

/** IBAN check: move the first four characters to the end, letters become 10..35, the number mod 97 is 1. */
function mod97(iban: string): number {
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest;
}

function nir(text: string): Finding | null {
  const m = NIR.exec(text);
  if (!m) return null;
  const [, sex, year, month, dept, commune, order, key] = m;
  if (key === undefined) return { score: 0.8, detail: 'numéro de sécurité sociale probable (sans clé)' };
  // Corsica: 2A counts as 19, 2B as 18 in the key computation
  const deptNumber = dept!.toUpperCase() === '2A' ? '19' : dept!.toUpperCase() === '2B' ? '18' : dept!;
  const body = BigInt(`${sex}${year}${month}${deptNumber}${commune}${order}`);
  return 97n - (body % 97n) === BigInt(key) ? { score: 0.99, detail: 'numéro de sécurité sociale (clé valide)' } : null;
}

function address(text: string): Finding | null {
  if (!ADDRESS.test(text)) return null;
  return POSTCODE_CITY.test(text)
    ? { score: 0.9, detail: 'adresse postale avec code postal' }
    : { score: 0.6, detail: 'adresse postale' };
}
