/**
 * Personal numbers of the five consultation countries. Valid examples are built here from each scheme's
 * published algorithm, written again independently of models/text/identifiers.ts (so a wrong table there fails
 * here), beside published specimen numbers; a wrong check character must not match, nor must ordinary numbers.
 */
import { personalDataCheck } from '../../../models/checks/personal-data.js';
import type { SupportedLanguage } from '../../../models/text/languages/registry.js';
import { numberRuns } from '../../../models/text/identifiers.js';
import { consultationFor, inputFor } from '../../support/check-input.js';

const run = (text: string, language: SupportedLanguage = 'fr') =>
  personalDataCheck.run(inputFor(text, consultationFor({ language })));
const detailOf = (text: string, language: SupportedLanguage = 'fr') => run(text, language)?.detail ?? null;

/** ISO 7064 MOD 11,10 (Steuer-ID), as the Bundeszentralamt für Steuern describes it. */
function steuerIdFrom(first10: string): string {
  let product = 10;
  for (const ch of first10) {
    const sum = (product + Number(ch)) % 10 || 10;
    product = (2 * sum) % 11;
  }
  return first10 + String((11 - product) % 10);
}

/** Codice fiscale check letter: odd positions through the conversion table, even ones by their value. */
function codiceFiscaleFrom(first15: string): string {
  const odd: Record<string, number> = {
    0: 1, 1: 0, 2: 5, 3: 7, 4: 9, 5: 13, 6: 15, 7: 17, 8: 19, 9: 21, A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19,
    J: 21, K: 2, L: 4, M: 18, N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23,
  };
  const even = (c: string) => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65);
  let sum = 0;
  [...first15].forEach((c, i) => { sum += i % 2 === 0 ? odd[c]! : even(c); });
  return first15 + String.fromCharCode(65 + (sum % 26));
}

const dniFrom = (digits: string) => digits + 'TRWAGMYFPDXBNJZSQVHLCKE'[Number(digits) % 23];
const nieFrom = (prefix: 'X' | 'Y' | 'Z', digits: string) => prefix + dniFrom(`${'XYZ'.indexOf(prefix)}${digits}`).slice(1);

/** An IBAN with its check digits computed: country, "00", account; 98 − (rearranged mod 97). */
function ibanFrom(country: string, bban: string): string {
  const numeric = (bban + country + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  const rest = [...numeric].reduce((r, d) => (r * 10 + Number(d)) % 97, 0);
  return country + String(98 - rest).padStart(2, '0') + bban;
}
const grouped = (s: string) => s.replace(/(.{4})/g, '$1 ').trim();
/** the same number with its last character changed */
const broken = (s: string) => s.slice(0, -1) + (/\d$/.test(s) ? String((Number(s.at(-1)) + 1) % 10) : s.at(-1) === 'A' ? 'B' : 'A');

describe('IBAN of the five countries (mod 97)', () => {
  const ibans = [
    ibanFrom('DE', '370400440532013000'), ibanFrom('GB', 'WEST12345698765432'), ibanFrom('ES', '21000418450200051332'),
    ibanFrom('IT', 'X0542811101000000123456'), ibanFrom('FR', '30006000011234567890189'),
  ];
  test('the built ones are the published specimens', () => {
    expect(ibans.slice(0, 4)).toEqual(['DE89370400440532013000', 'GB82WEST12345698765432', 'ES9121000418450200051332', 'IT60X0542811101000000123456']);
  });
  test.each(ibans)('%s, grouped by four or not, is found; a wrong digit is not', (iban) => {
    expect(detailOf(`Please send money to ${grouped(iban)} today`, 'en')).toBe('IBAN (valid check digits)');
    expect(detailOf(`Bitte an ${iban} überweisen`, 'de')).toBe('IBAN (gültige Prüfziffern)');
    expect(run(`Please send money to ${grouped(broken(iban))} today`, 'en')).toBeNull();
  });
});

describe('German Steuer-ID (11 digits, MOD 11,10 check digit, one repeated digit)', () => {
  const valid = [steuerIdFrom('8609574271'), steuerIdFrom('4715183926'), steuerIdFrom('5730421659')];
  test('the published specimen is rebuilt', () => expect(valid[0]).toBe('86095742719'));
  test.each(valid)('%s is found, written in groups or not', (id) => {
    expect(detailOf(`Meine Steuer-ID ist ${id}`, 'de')).toBe('Steuer-Identifikationsnummer (gültige Prüfziffer)');
    expect(detailOf(`Meine Steuer-ID ist ${id.slice(0, 2)} ${id.slice(2, 5)} ${id.slice(5, 8)} ${id.slice(8)}`, 'de')).not.toBeNull();
    expect(detailOf(`Il faut cacher ${id}`, 'fr')).toBe('numéro fiscal allemand (Steuer-ID, chiffre de contrôle valide)');
  });
  test.each([
    broken(valid[0]!), broken(valid[1]!),
    steuerIdFrom('1234567890'), // every digit once: not how the numbers are issued
    steuerIdFrom('1111234567'), // a digit four times
    steuerIdFrom('1112345678'), // three times in a row
    '10000000000',
  ])('%s is not one', (id) => {
    expect(run(`Wir brauchen ${id} Bäume`, 'de')).toBeNull();
  });
});

describe('UK National Insurance number', () => {
  test.each(['CE 12 34 56 C', 'AB123456A', 'JG 10 37 28 D'])('%s is found', (nino) => {
    expect(detailOf(`My NI number is ${nino}, please update it`, 'en')).toBe('National Insurance number');
  });
  test.each(['DA 12 34 56 A', 'GB123456A', 'QO 12 34 56 C', 'AB 12 34 56 E', 'ab123456a', 'AB1234567A'])('%s is not one (prefix, suffix or length)', (nino) => {
    expect(run(`My NI number is ${nino}, please update it`, 'en')).toBeNull();
  });
});

describe('Italian codice fiscale (check letter, omocodia)', () => {
  const valid = [
    codiceFiscaleFrom('RSSMRA85T10A562'), // the Ministry's specimen, Mario Rossi
    codiceFiscaleFrom('BNCLRA90A41H501'), // a woman born on the 1st (day + 40), in Rome
    codiceFiscaleFrom('RSSMRA85T10A56N'), // omocodia: the last digit replaced by a letter
  ];
  test('the specimen is rebuilt', () => expect(valid[0]).toBe('RSSMRA85T10A562S'));
  test.each(valid)('%s is found, in capitals or not', (code) => {
    expect(detailOf(`Il mio codice fiscale è ${code}`, 'it')).toBe('codice fiscale (carattere di controllo valido)');
    expect(detailOf(`Il mio codice fiscale è ${code.toLowerCase()}`, 'it')).not.toBeNull();
  });
  test.each([broken(valid[0]!), codiceFiscaleFrom('RSSMRA85T99A562'), 'Bundesstraßenbau'])('%s is not one (check letter, day, a word)', (code) => {
    expect(run(`Il mio codice fiscale è ${code}`, 'it')).toBeNull();
  });
});

describe('Spanish DNI and NIE (mod 23 check letter)', () => {
  test.each([
    [dniFrom('12345678'), 'DNI (letra de control válida)'],
    [`${dniFrom('48392017').slice(0, 8)}-${dniFrom('48392017').slice(8)}`, 'DNI (letra de control válida)'],
    ['12.345.678-Z', 'DNI (letra de control válida)'],
    [nieFrom('X', '1234567'), 'NIE (letra de control válida)'],
    [nieFrom('Y', '7654321'), 'NIE (letra de control válida)'],
    [nieFrom('Z', '0000001'), 'NIE (letra de control válida)'],
  ])('%s is found', (id, detail) => {
    expect(detailOf(`Mi documento es ${id}, gracias`, 'es')).toBe(detail);
  });
  test('the specimens are rebuilt', () => {
    expect(dniFrom('12345678')).toBe('12345678Z');
    expect(nieFrom('X', '1234567')).toBe('X1234567L');
  });
  test.each([broken(dniFrom('12345678')), broken(nieFrom('X', '1234567')), '1234567Z', 'de 12345678 a 20000000 personas'])('%s is not one', (text) => {
    expect(run(`Mi documento es ${text}, gracias`, 'es')).toBeNull();
  });
});

describe('phone numbers', () => {
  test.each([
    ['Il faut m’appeler au 06 12 34 56 78', 'fr'],
    ['Call me on 07700 900123 tonight', 'en'],
    ['Call me on 020 7946 0958 tonight', 'en'],
    ['Ruf mich an: 030 12345678', 'de'],
    ['Ruf mich an: 0151/23456789', 'de'],
    ['Llámame al 612 34 56 78', 'es'],
    ['Llámame al 912 345 678', 'es'],
    ['Chiamami al 347 123 4567', 'it'],
    ['Chiamami allo 06 1234 5678', 'it'],
    ['Call +44 20 7946 0958', 'en'],
    ['Il faut appeler le +49 (0)30 12345678', 'fr'],
    ['Ruf an: 0034 612 345 678', 'de'],
  ] as const)('%s', (text, language) => {
    expect(run(text, language)?.code).toBe('personal_data');
  });
  test('the detail is in the consultation\'s language', () => {
    expect(detailOf('Call me on 07700 900123 tonight', 'en')).toBe('phone number');
    expect(detailOf('Ruf mich an: 030 12345678', 'de')).toBe('Telefonnummer');
    expect(detailOf('Llámame al 612 34 56 78', 'es')).toBe('número de teléfono');
    expect(detailOf('Chiamami al 347 123 4567', 'it')).toBe('numero di telefono');
  });
  test.each([
    ['We need 600 000 000 pounds for the NHS by 2030', 'en'],
    ['Call 0800 123 4567 for free advice', 'en'],
    ['Die Hotline 0800 1110111 muss bekannter werden', 'de'],
    ['Am 05.12.2026 10 Uhr treffen', 'de'],
    ['Hay que invertir 600.000.000 € en 2030', 'es'],
    ['Hay que llamar al 900 123 456, es gratuito', 'es'],
    ['Serve un fondo di 300 milioni e 3 400 000 alberi', 'it'],
    ['Il faut 1 000 000 € pour 2027 et 15 % de places en plus', 'fr'],
    ['Il faut appliquer la loi n° 2018-703 du 3 août 2018', 'fr'],
    ['Our ward has 20,000 homes and 1,200 new ones since 2015', 'en'],
  ] as const)('not a person\'s number: %s', (text, language) => {
    expect(run(text, language)).toBeNull();
  });
});

describe('postal addresses per country', () => {
  test.each([
    ['Come to 221 Baker Street, London NW1 6XE', 'en', 'postal address with postcode'],
    ['Ich wohne in der Hauptstraße 12, 10115 Berlin', 'de', 'Postanschrift mit Postleitzahl'],
    ['Vivo en la calle Mayor 5, 28013 Madrid', 'es', 'dirección postal con código postal'],
    ['Abito in via Garibaldi 12, 00185 Roma', 'it', 'indirizzo postale con codice postale'],
    ['Abito in via Garibaldi 12', 'it', 'indirizzo postale'],
  ] as const)('%s', (text, language, detail) => {
    expect(detailOf(text, language)).toBe(detail);
  });
  test.each([
    ['We should fix every street in the town', 'en'],
    ['Die Hauptstraße braucht mehr Bäume', 'de'],
    ['Hay que peatonalizar la calle Mayor', 'es'],
    ['Bisogna pedonalizzare via Garibaldi e così via', 'it'],
  ] as const)('a street named, no one\'s address: %s', (text, language) => {
    expect(run(text, language)).toBeNull();
  });
});

describe('linear on hostile input', () => {
  test('long runs of digits and separators are read once', () => {
    // one number of 2,500 digits, then digits touching a letter (no number)
    const hostile = '1 '.repeat(2500) + 'x' + '9.'.repeat(2500);
    expect(numberRuns(hostile).map((r) => r.digits.length)).toEqual([2500]);
    expect(() => run(hostile)).not.toThrow();
  });
});
