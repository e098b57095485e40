/**
 * Every check's detail in the consultation's language (a moderator of an English consultation reads English), and
 * advertising cues per language: real sentences of each language, adverts and civic proposals that merely talk
 * about prices or discounts.
 */
import { advertisingCheck } from '../../../models/checks/advertising.js';
import { conversationalCheck } from '../../../models/checks/conversational.js';
import { exactDuplicateCheck } from '../../../models/checks/exact-duplicate.js';
import { lengthCheck } from '../../../models/checks/length.js';
import { nearDuplicateCheck } from '../../../models/checks/near-duplicate.js';
import { explain, offTopicCheck } from '../../../models/checks/off-topic.js';
import { prefixCheck } from '../../../models/checks/prefix.js';
import type { CheckInput } from '../../../models/checks/types.js';
import { runChecks } from '../../../models/pipeline.js';
import { SUPPORTED_LANGUAGES, type SupportedLanguage } from '../../../models/text/languages/registry.js';
import { consultationFor, inputFor } from '../../support/check-input.js';

const input = (text: string, language: SupportedLanguage, rules: object = {}): CheckInput =>
  inputFor(text, consultationFor({ language, question: 'What should change?', rules: { minLength: 12, maxLength: 140, ...rules } }));

describe('advertising per language', () => {
  test.each([
    ['en', 'Buy now with promo code CITY20, free shipping on every order!', "promotional language: 'Buy now', 'promo code', 'free shipping'"],
    ['de', 'Jetzt kaufen: versandkostenfrei und mit Gutscheincode SOMMER', "Werbesprache: 'Jetzt kaufen', 'versandkostenfrei', 'Gutscheincode'"],
    ['es', 'Compra ya con envío gratis y código de descuento VERANO', "lenguaje promocional: 'Compra ya', 'envío gratis', 'código de descuento'"],
    ['it', 'Acquista subito con spedizione gratuita e codice sconto ESTATE', "linguaggio promozionale: 'Acquista subito', 'spedizione gratuita', 'codice sconto'"],
  ] as const)('%s: a shop pitch is promotional language, said in that language and quoted as written', (language, text, detail) => {
    const result = advertisingCheck.run(input(text, language))!;
    expect(result).toMatchObject({ code: 'advertising', detail });
    expect(result.score).toBeGreaterThanOrEqual(0.5);
  });

  test.each([
    ['en', 'Visit our shop at www.bestdeals-store.co for 50% off', 'link to a commercial site'],
    ['de', 'Besuchen Sie unseren Shop: www.gartenmoebel-shop.de, versandkostenfrei', 'Link zu einer kommerziellen Website'],
    ['es', 'Todo en www.tienda-muebles.es, compra ya con envío gratis', 'enlace a un sitio comercial'],
    ['it', 'Clicca qui: www.offerte-negozio.it, spedizione gratuita', 'link a un sito commerciale'],
  ] as const)('%s: a shop link with two calls to buy is rejected automatically', (language, text, detail) => {
    const result = advertisingCheck.run(input(text, language))!;
    expect(result.score).toBeGreaterThanOrEqual(advertisingCheck.autoRejectAt);
    expect(result.detail.startsWith(detail)).toBe(true);
  });

  test('English shop phrases are read in every language; the detail stays in the consultation\'s', () => {
    expect(advertisingCheck.run(input('Jetzt kaufen, buy now, nur heute!', 'de'))?.detail).toBe("Werbesprache: 'Jetzt kaufen', 'nur heute', 'buy now'");
  });

  test.each([
    ['en', 'We need a bus discount for students and pensioners'],
    ['en', 'Local shops should get lower business rates than online stores'],
    ['en', 'Read the plan at www.gov.uk before the vote'],
    ['de', 'Wir brauchen einen Rabatt für Studierende im Nahverkehr'],
    ['de', 'Mehr Informationen unter www.bundestag.de veröffentlichen'],
    ['de', 'Das ist gut.Es gibt aber zu wenig Busse'],
    ['es', 'Hay que dar un descuento en el transporte a los jubilados'],
    ['es', 'Las ayudas están en www.boe.es y deben ser más claras'],
    ['es', 'Me parece bien.Es importante plantar árboles'],
    ['it', 'Serve uno sconto sui mezzi pubblici per gli studenti'],
    ['it', 'Le regole sono su www.gazzettaufficiale.it ma nessuno le legge'],
  ] as const)('%s: civic proposals and public links are not advertising: %s', (language, text) => {
    expect(advertisingCheck.run(input(text, language))).toBeNull();
  });
});

describe('each check\'s detail in the consultation\'s language', () => {
  const expected: Record<SupportedLanguage, { short: string; long: string; prefix: string; chat: RegExp; copy: string; near: string; offTopic: string }> = {
    fr: { short: '5 caractères, minimum 12', long: '30 caractères, maximum 20', prefix: 'ne commence pas par « Il faut »', chat: /^ressemble à un message de conversation plutôt qu’à une proposition : mot-dièse ou mention/, copy: 'copie de la proposition e-7 : « Plus de bus »', near: 'quasi-copie (95 %) de la proposition e-7 : « Plus de bus »', offTopic: 'semble ne pas répondre à la question ; aucun mot en lien avec la question' },
    en: { short: '5 characters, minimum 12', long: '30 characters, maximum 20', prefix: 'does not start with "We should"', chat: /^looks like a chat message rather than a proposal: hashtag or mention/, copy: 'copy of proposal e-7: "Plus de bus"', near: 'near copy (95%) of proposal e-7: "Plus de bus"', offTopic: 'seems not to answer the question; no word related to the question' },
    de: { short: '5 Zeichen, mindestens 12', long: '30 Zeichen, höchstens 20', prefix: 'beginnt nicht mit „We should“', chat: /^wirkt eher wie eine Chatnachricht als wie ein Vorschlag: Hashtag oder Erwähnung/, copy: 'Kopie des Vorschlags e-7: „Plus de bus“', near: 'Beinahe-Kopie (95 %) des Vorschlags e-7: „Plus de bus“', offTopic: 'scheint die Frage nicht zu beantworten; kein Wort mit Bezug zur Frage' },
    es: { short: '5 caracteres, mínimo 12', long: '30 caracteres, máximo 20', prefix: 'no empieza por «We should»', chat: /^parece un mensaje de conversación más que una propuesta: hashtag o mención/, copy: 'copia de la propuesta e-7: «Plus de bus»', near: 'casi copia (95 %) de la propuesta e-7: «Plus de bus»', offTopic: 'parece no responder a la pregunta; ninguna palabra relacionada con la pregunta' },
    it: { short: '5 caratteri, minimo 12', long: '30 caratteri, massimo 20', prefix: 'non inizia con «We should»', chat: /^sembra un messaggio di conversazione più che una proposta: hashtag o menzione/, copy: 'copia della proposta e-7: «Plus de bus»', near: 'quasi copia (95%) della proposta e-7: «Plus de bus»', offTopic: 'sembra non rispondere alla domanda; nessuna parola legata alla domanda' },
  };
  const earlier = { id: 'unit~7', externalId: 'e-7', text: 'Plus de bus', similarity: 0.95 };

  test.each(SUPPORTED_LANGUAGES)('%s', (language) => {
    const want = expected[language];
    const prefix = language === 'fr' ? 'Il faut' : 'We should';
    expect(lengthCheck.run(input('Trees', language))?.detail).toBe(want.short);
    expect(lengthCheck.run(input('a'.repeat(30), language, { maxLength: 20 }))?.detail).toBe(want.long);
    expect(prefixCheck.run(input('Plant more trees in town', language, { requiredPrefix: prefix }))?.detail).toBe(want.prefix);
    expect(conversationalCheck.run(input('Plant more trees #city', language))?.detail).toMatch(want.chat);

    const copied = input('Plus de bus', language);
    copied.evidence.exactDuplicateOf = earlier;
    expect(exactDuplicateCheck.run(copied)?.detail).toBe(want.copy);
    const near = input('Plus de buss', language);
    near.evidence.nearestText = { of: earlier, dice: 0.95, meaningDiffers: false, copyEdit: true, shuffled: false };
    expect(nearDuplicateCheck.run(near)?.detail).toBe(want.near);

    const offTopic = input('The football results of the weekend', language);
    offTopic.evidence.offTopic = { probability: 0.8, questionWords: [], nearestOffTopic: null, autoRejectAt: null, reviewAt: null };
    expect(offTopicCheck.run(offTopic)?.detail).toBe(want.offTopic);
  });

  test('a near copy that differs in a word such as "more"/"less" does not say "a negation or a number differs"', () => {
    // French compares only negations and numbers; the other languages also their words of quantity and direction
    const said: Record<SupportedLanguage, RegExp> = {
      fr: /^presque identique mais une négation ou un nombre diffère de la proposition e-7/,
      en: /^almost the same as proposal e-7, but a word that changes the meaning differs \(negation, number, more\/less…\)/,
      de: /^fast gleich wie Vorschlag e-7, aber ein Wort, das den Sinn ändert, unterscheidet sich \(Verneinung, Zahl, mehr\/weniger …\)/,
      es: /^casi igual que la propuesta e-7, pero difiere una palabra que cambia el sentido \(negación, número, más\/menos…\)/,
      it: /^quasi uguale alla proposta e-7, ma differisce una parola che cambia il senso \(negazione, numero, più\/meno…\)/,
    };
    for (const language of SUPPORTED_LANGUAGES) {
      const near = input('Less bus lanes', language);
      near.evidence.nearestText = { of: { id: 'unit~7', externalId: 'e-7', text: 'More bus lanes', similarity: 0.9 }, dice: 0.9, meaningDiffers: true, copyEdit: true, shuffled: false };
      expect(nearDuplicateCheck.run(near)?.detail).toMatch(said[language]);
    }
  });

  test('a small probability is written the language\'s way', () => {
    const found = { probability: 0.003, questionWords: ['bus'], nearestOffTopic: null, autoRejectAt: null, reviewAt: 0.002 };
    expect(explain(found, true, 'en')).toBe('to check: may not answer the question (0.3%); words related to the question: "bus"');
    expect(explain(found, true, 'de')).toBe('zu prüfen: beantwortet die Frage vielleicht nicht (0,3 %); Wörter mit Bezug zur Frage: „bus“');
  });

  test('a check that ran out of time says so in the consultation\'s language', () => {
    const [outcome] = runChecks(input('We should plant more trees', 'en'), [lengthCheck], -1);
    expect(outcome?.detail).toBe('triage interrupted: the checks took over -1 ms, "length" and the ones after it were not run; to examine');
  });
});

test('French inclusive writing is not a Spanish domain', () => {
  expect(advertisingCheck.run(input('Il faut former les policier.es et les enseignant.es', 'fr'))).toBeNull();
  expect(advertisingCheck.run(input('Il faut lire www.ejemplo.es avant', 'fr'))?.detail).toBe("lien : 'ejemplo.es'");
});
