import { identifiersIn, type IdentifierKind } from '../text/identifiers.js';
import type { SupportedLanguage } from '../text/languages/registry.js';
import { withSpelledAddresses } from '../text/spelled-addresses.js';
import { message, type MessageId } from './messages.js';
import type { Check } from './types.js';

interface Finding { score: number; detail: string }

/** An e-mail address is read from each "@": a local-part character before it, a domain after it. A pattern that
 * looked for the local part ("[…]+@…") tried every start of a long word and was quadratic in its length (fuzz of
 * bench/cpu.ts: "a.b@" and 5,000 letters cost 500 typical proposals). */
const EMAIL_LOCAL_CHAR = /[\p{L}\p{N}._%+-]/u;
const EMAIL_DOMAIN = /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,}/iu;
/** DNS names are at most 253 characters: the domain is read no further */
const MAX_DOMAIN = 253;

/** A street address in the consultation country's way of writing it (number and street word; the street's name is
 * at most four words, so no pattern reads further), and its postcode followed by a place name. */
const ADDRESS: Readonly<Record<SupportedLanguage, { street: RegExp; postcode: RegExp }>> = {
  fr: {
    street: /\b\d{1,4}(?:\s?(?:bis|ter))?,?\s(?:rue|avenue|av\.|boulevard|bd|chemin|allée|impasse|place|quai|route|cours|square|résidence|lotissement)\s+\p{L}/iu,
    postcode: /\b(?:0[1-9]|[1-8]\d|9[0-5]|2[AB])\d{3}\s+\p{Lu}[\p{L}-]+/u,
  },
  en: {
    street: /\b\d{1,4}[a-z]?,?\s(?:\p{Lu}\p{L}*\s){1,4}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Drive|Close|Way|Crescent|Terrace|Place|Gardens|Court|Grove)\b/u,
    // UK postcodes: "SW1A 1AA", "M1 1AE"
    postcode: /\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}\b/u,
  },
  de: {
    street: /(?<![\p{L}\p{N}])\p{Lu}[\p{L}-]{0,40}(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer)\s\d{1,4}[a-z]?\b/u,
    postcode: /\b\d{5}\s+\p{Lu}[\p{L}-]+/u,
  },
  es: {
    street: /\b(?:calle|c\/|avenida|avda\.|plaza|paseo|camino|carretera)\s(?:\p{L}+\s){1,4}(?:n[º°.]\s?)?\d{1,4}\b/iu,
    postcode: /\b(?:0[1-9]|[1-4]\d|5[0-2])\d{3}\s+\p{Lu}[\p{L}-]+/u,
  },
  it: {
    street: /\b(?:via|viale|piazza|piazzale|corso|largo|vicolo)\s(?:\p{L}+\s){1,4}\d{1,4}\b/iu,
    postcode: /\b\d{5}\s+\p{Lu}[\p{L}-]+/u,
  },
};

const DIGIT = /\d/;

const IDENTIFIER_MESSAGE: Readonly<Record<IdentifierKind, MessageId>> = {
  iban: 'personal.iban', nir: 'personal.nir', nirWithoutKey: 'personal.nirWithoutKey', taxId: 'personal.taxId', nino: 'personal.nino',
  codiceFiscale: 'personal.codiceFiscale', dni: 'personal.dni', nie: 'personal.nie', phone: 'personal.phone',
};

/**
 * Personal data that must not be published: e-mail address, phone number, bank account (IBAN) and national
 * identifiers of the consultation countries, each checked with its key where it has one so that an ordinary number
 * does not match (models/text/identifiers.ts), postal address. Identifiers are looked for in every consultation
 * (a German tax number is personal data in a French consultation too); national phone and address formats are the
 * consultation country's. The detail is in the consultation's language.
 */
export const personalDataCheck: Check = {
  id: 'personal_data',
  kind: 'scored',
  autoRejectAt: 0.97,
  run({ proposal, consultation }) {
    const text = proposal.normalized;
    // every number, identifier and street address has a digit, every e-mail address an "@" (or its spelling): most proposals have neither
    const addresses = withSpelledAddresses(text);
    if (!DIGIT.test(text) && !addresses.includes('@')) return null;
    const language = consultation.language;
    const findings: Finding[] = identifiersIn(text, language).map((f) => ({ score: f.score, detail: message(language, IDENTIFIER_MESSAGE[f.kind]) }));
    if (hasEmail(addresses)) findings.push({ score: 0.9, detail: message(language, 'personal.email') });
    const address = ADDRESS[language];
    if (address.street.test(text)) {
      findings.push(address.postcode.test(text)
        ? { score: 0.9, detail: message(language, 'personal.addressWithPostcode') }
        : { score: 0.6, detail: message(language, 'personal.address') });
    }
    if (findings.length === 0) return null;
    const best = findings.reduce((a, b) => (b.score > a.score ? b : a));
    return { code: 'personal_data', score: best.score, detail: findings.map((f) => f.detail).join(', ') };
  },
};

function hasEmail(text: string): boolean {
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    if (at > 0 && EMAIL_LOCAL_CHAR.test(text[at - 1]!) && EMAIL_DOMAIN.test(text.slice(at + 1, at + 1 + MAX_DOMAIN))) return true;
  }
  return false;
}
