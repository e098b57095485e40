/** Every supported language has its own resources: real sentences of each language go through the checks that
 * read a dictionary, a lexicon or a language model, as the triage worker prepares them (es and it have no
 * labelled stream: these sentences are their evidence, docs/QUALITY.md). */
import { loadContentModels } from '../../../models/checks/content-models.js';
import { incomprehensibleCheck } from '../../../models/checks/incomprehensible.js';
import { toxicCheck } from '../../../models/checks/toxic.js';
import type { Check } from '../../../models/checks/types.js';
import { wrongLanguageCheck } from '../../../models/checks/wrong-language.js';
import { REPORT_AT } from '../../../models/policy.js';
import { isWord } from '../../../models/text/dictionaries.js';
import type { SupportedLanguage } from '../../../models/text/languages/registry.js';
import { consultationFor, inputFor } from '../../support/check-input.js';

const run = (check: Check, text: string, language: SupportedLanguage) =>
  check.run(inputFor(text, consultationFor({ language, question: 'How can our city become greener?' })));

beforeAll(() => loadContentModels());

const GOOD: Record<SupportedLanguage, string[]> = {
  fr: ['Il faut planter des arbres le long de chaque rue', 'Créer des pistes cyclables sûres vers toutes les écoles'],
  en: ['We should plant more trees along every street', 'Cities must build more bike lanes and parks',
    'We need rooftop gardens on public buildings', "Don't let developers pave over the last wetlands"],
  de: ['Wir brauchen mehr Wärmepumpen und Solaranlagen auf öffentlichen Gebäuden', 'Die Stadt sollte Radwege sicherer machen',
    'Klimaschutzmaßnahmen müssen sozial gerecht finanziert werden'],
  es: ['Hay que plantar más árboles en todas las calles', 'La ciudad debería construir más carriles bici seguros'],
  it: ['Bisogna piantare più alberi lungo ogni strada', "Il comune dovrebbe migliorare la qualità dell'aria nelle scuole"],
};

const MASHES: Record<SupportedLanguage, string> = {
  fr: 'azertyuiop qsdfghjklm wxcvbn',
  en: 'qwrtzp sdfghjk xcvbnmq wrtpsl',
  de: 'qwrtzp sdfghjk xcvbnmq wrtpsl',
  es: 'qwrtzp sdfghjk xcvbnmq wrtpsl',
  it: 'qwrtzp sdfghjk xcvbnmq wrtpsl',
};

const INSULTS: Record<SupportedLanguage, [text: string, detail: RegExp]> = {
  fr: ['Le maire est un connard', /^mot injurieux : 'connard'/],
  en: ['The mayor is a fucking asshole', /^abusive words: /],
  de: ['Der Bürgermeister ist ein Arschloch', /^beleidigendes Wort: 'Arschloch'/],
  es: ['El alcalde es un gilipollas', /^palabra injuriosa: 'gilipollas'/],
  it: ['Il sindaco è uno stronzo', /^parola offensiva: 'stronzo'/],
};

const OUT_OF_DICTIONARY: Record<SupportedLanguage, RegExp> = {
  fr: /^\d+ % des mots hors dictionnaire : '/,
  en: /^\d+% of words not in the dictionary: '/,
  de: /^\d+ % der Wörter nicht im Wörterbuch: '/,
  es: /^\d+ % de las palabras fuera del diccionario: '/,
  it: /^\d+% delle parole non nel dizionario: '/,
};

describe.each(Object.keys(GOOD) as SupportedLanguage[])('a consultation in %s', (language) => {
  test.each(GOOD[language])('a good proposal is not flagged: %s', (text) => {
    for (const check of [wrongLanguageCheck, incomprehensibleCheck, toxicCheck]) expect([check.id, run(check, text, language)]).toEqual([check.id, null]);
  });

  test('a keyboard mash is rejected automatically, the detail in the consultation\'s language', () => {
    const result = run(incomprehensibleCheck, MASHES[language], language)!;
    expect(result.score).toBeGreaterThanOrEqual(incomprehensibleCheck.autoRejectAt);
    expect(result.detail).toMatch(OUT_OF_DICTIONARY[language]);
  });

  test('an insult is caught, also disguised with look-alike letters, the detail in the consultation\'s language', () => {
    const [text, detail] = INSULTS[language];
    const result = run(toxicCheck, text, language)!;
    expect(result.score).toBeGreaterThanOrEqual(0.9);
    expect(result.detail).toMatch(detail);
    // Cyrillic о and а in place of the Latin letters
    const disguised = run(toxicCheck, text.replace(/o/g, 'о').replace(/a/g, 'а'), language)!;
    expect(disguised.score).toBeGreaterThanOrEqual(0.9);
  });
});

describe('language names and ordinary words', () => {
  test('a French proposal in an English consultation is foreign, named in English', () => {
    const french = run(wrongLanguageCheck, 'Il faut créer des centres d’accueil pour les victimes de violences.', 'en');
    expect(french?.detail).toMatch(/^written in French/);
    expect(french?.language).toBe('fr');
    // another script: the language fastText names, which the page marks the text with
    expect(run(wrongLanguageCheck, '我们应该在每条街道上种植更多的树木，让城市变得更加绿色。', 'en')).toMatchObject({ detail: /^written in Chinese/, language: 'zh' });
    expect(run(wrongLanguageCheck, 'We need more shelters for women who flee violent partners.', 'de')?.detail).toMatch(/^auf Englisch geschrieben/);
    expect(run(wrongLanguageCheck, 'asdkj qwpoe zmxnc lkjqwe poiuzt', 'de')?.detail).toBe('vielleicht in unbekannter Sprache geschrieben (unsicher)');
  });

  test('British spellings are English words: a UK consultation is not incomprehensible', () => {
    for (const word of ['neighbourhood', 'colour', 'organise', 'programmes', 'centre', 'neighborhood']) expect([word, isWord('en', word)]).toEqual([word, true]);
    expect(isWord('en', 'qwpoe')).toBe(false);
    expect(run(incomprehensibleCheck, 'Improve the colour of the neighbourhood centre and organise more programmes', 'en')).toBeNull();
  });

  test('German compounds are read from the list\'s compound parts, and mashes are not compounds', () => {
    expect(isWord('de', 'Klimaschutzmaßnahmen') || isWord('de', 'Klimaschutzmaßnahme')).toBe(true);
    expect(isWord('de', 'Wärmepumpe')).toBe(true);
    expect(isWord('de', 'Qwrtzpsdfgh')).toBe(false);
  });

  test.each([
    'Wasserpumpspeicherkraftwerke', 'Zinsenlosen', 'Sonnenenergienutzung', 'Fahrradabstellplätze', 'Regenwassertonnen',
    'Schulwegsicherheit', 'Bahnhofsvorplatzgestaltung', 'Kindergartenplatzmangel', 'Dachbegrünungspflicht', 'hitzebeständige',
  ])('a German compound of listed words is a word, with its linking letters and inflected last part: %s', (word) => {
    expect(isWord('de', word)).toBe(true);
  });

  test('the letters of those compounds shuffled, or a mash as long, are no compound', () => {
    for (const word of ['nsegnnnuzrgineeiotun', 'tzsnlieeunngreeogn', 'Bhaofsrovplzantgetslauhn', 'Kdnetrinagplamltazegn', 'qwrtzpsdfghjklyxcvb']) {
      expect(isWord('de', word)).toBe(false);
    }
  });

  test('a word shortened with a period is the word it begins; a mash closed by periods is still a mash', () => {
    expect(run(incomprehensibleCheck, 'Verpfl. Solaranlagen auf allen landwirtsch. Gebäuden im ländl. Raum', 'de')).toBeNull();
    expect(run(incomprehensibleCheck, 'Build approx. ten new schools in the northern distr. by next year', 'en')).toBeNull();
    expect(run(incomprehensibleCheck, 'qwrtzp. sdfghjk. xcvbnmq. wrtpsl.', 'de')!.score).toBeGreaterThanOrEqual(incomprehensibleCheck.autoRejectAt);
  });

  test('in German, Spanish and Italian an English loanword is a word; a short English filler is not', () => {
    expect(run(incomprehensibleCheck, 'Mehr Carsharing-Angebote und Homeoffice statt Pendeln, auch offshore Windparks', 'de')).toBeNull();
    expect(run(incomprehensibleCheck, 'Il comune dovrebbe organizzare un weekend senza auto ogni mese', 'it')).toBeNull();
    expect(run(incomprehensibleCheck, 'egal jo jo jo ok', 'de')!.score).toBeGreaterThanOrEqual(0.4);
    expect(run(incomprehensibleCheck, MASHES.de, 'de')!.score).toBeGreaterThanOrEqual(incomprehensibleCheck.autoRejectAt);
  });

  test.each<[SupportedLanguage, string]>([
    ['de', 'Mehr PV-Anlagen und E-Autos, zB über https://www.example.org/foerderung usw.'],
    ['de', 'Man muß ausserhalb der Stadt mehr Bäume pflanzen'],
    ['en', 'More bike lanes, e.g. along the river, etc.'],
  ])('abbreviations, acronyms in compounds, links and older spellings are not gibberish (%s): %s', (language, text) => {
    expect(run(incomprehensibleCheck, text, language)).toBeNull();
  });

  test.each<[SupportedLanguage, string]>([
    ['es', 'Mi DNI es 12345678Z y mi NIE X1234567L, planten árboles'],
    ['de', 'Die CO2-Steuer für Flüge mit dem A380 verdoppeln'],
    ['it', 'Il codice fiscale RSSMRA85T10A562S non va chiesto per votare'],
  ])('the letters of a code with digits are no words out of the dictionary (%s): %s', (language, text) => {
    expect(run(incomprehensibleCheck, text, language)).toBeNull();
  });

  test('without a character model, a text partly out of the dictionary goes to a moderator, not straight out', () => {
    const result = run(incomprehensibleCheck, 'We need more qwrtzp and sdfghjk downtown', 'en')!;
    expect(result.score).toBeGreaterThan(0.1);
    expect(result.score).toBeLessThan(incomprehensibleCheck.autoRejectAt);
  });

  test('German insults made by compounding are insults; a word that merely ends in the letters of one is not', () => {
    expect(run(toxicCheck, 'Dieses Politikgesindel gehört abgewählt', 'de')?.detail).toBe("beleidigendes Wort: 'Politikgesindel'");
    expect(run(toxicCheck, 'Der Gewaltmarsch der Demonstranten war friedlich', 'de')).toBeNull();
  });

  test.each<[SupportedLanguage, string]>([
    ['en', 'We must fight drugs and the legacy of the Nazi era in schools'],
    ['de', 'Nacktbaden im Stadtsee sollte erlaubt bleiben'],
    ['es', 'Hay que luchar contra las drogas y el racismo'],
  ])('an ordinary word of a list does not make a proposal toxic (%s)', (language, text) => {
    expect(run(toxicCheck, text, language)?.score ?? 0).toBeLessThan(0.5);
  });

  test.each<[SupportedLanguage, string, string]>([
    ['es', 'Instalar semáforos rojos intermitentes en los cruces escolares', 'Malditos rojos, siempre subiendo impuestos'],
    ['it', 'Un museo sulla Resistenza e sulle vittime dei fascisti', 'Maledetti comunisti, rovinate tutto'],
  ])('a colour or a party is no label worth a look, but an insult after a marker (%s): %s', (language, ordinary, insult) => {
    expect(run(toxicCheck, ordinary, language)?.score ?? 0).toBeLessThan(REPORT_AT);
    expect(run(toxicCheck, insult, language)?.score ?? 0).toBeGreaterThanOrEqual(0.9);
  });
});

/** Insults, hate and threats built by the language, not by a listed word (models/checks/toxic.ts, CONSTRUCTIONS).
 * Spanish and Italian have no labelled stream: these sentences are their only evidence (docs/QUALITY.md). */
describe('toxic constructions in German, English, Spanish and Italian', () => {
  const score = (text: string, language: SupportedLanguage) => run(toxicCheck, text, language)?.score ?? 0;
  const THREAT: Partial<Record<SupportedLanguage, RegExp>> = {
    de: /^Drohung oder Aufruf zur Gewalt/, en: /^threat or call to violence/, es: /^amenaza o llamada a la violencia/, it: /^minaccia o incitamento alla violenza/,
  };

  test.each<[SupportedLanguage, string]>([
    ['de', 'Du bist so ein Idiot, das versteht doch jeder'],
    ['de', 'Ihr Trottel habt doch keine Ahnung vom Klima'],
    ['de', 'Diese Affen im Gemeinderat sollen endlich zurücktreten'],
    ['de', 'Die Türkensau soll das Maul halten'],
    ['de', 'Dreckige Ausländer nehmen uns die Wohnungen weg'],
    ['de', 'Ihr seid doch alle Versager'],
    ['en', 'You are such a loser, nobody wants your opinion'],
    ['en', 'These morons in city hall ruin everything'],
    ['en', 'They are animals and should be treated like it'],
    ['en', 'Dirty immigrants are taking our homes'],
    ['es', 'Eres un inútil, vete de la alcaldía'],
    ['es', 'Estos payasos del ayuntamiento nos roban'],
    ['es', 'El concejal es un cerdo'],
    ['es', 'Malditos inútiles, arreglad las calles de una vez'],
    ['es', 'Sucios moros, volved a vuestro país'],
    ['es', 'Esas ratas del gobierno solo quieren dinero'],
    ['es', 'Ustedes son unos borregos que votan lo que les dicen'],
    ['es', '¡So imbécil! Nadie quiere tu propuesta'],
    ['es', 'La alcaldesa es una zorra'],
    ['es', 'Pedazo de idiota, eso no funciona'],
    ['it', 'Sei proprio un idiota, sindaco'],
    ['it', "Sei un'incapace, dimettiti"],
    ['it', 'Questi idioti in comune rovinano tutto'],
    ['it', 'Brutto porco, vattene dal consiglio'],
    ['it', 'Sporchi negri tornate a casa vostra'],
    ['it', 'Quei parassiti della regione ci rubano i soldi'],
    ['it', 'Tu sei un asino e non capisci niente'],
    ['it', 'Voi siete delle pecore che seguono il capo'],
    ['it', 'Il sindaco è un pezzo di merda'],
  ])('an insult built by the language is caught (%s): %s', (language, text) => {
    expect(score(text, language)).toBeGreaterThanOrEqual(0.9);
  });

  test.each<[SupportedLanguage, string]>([
    ['de', 'Ich werde dich umbringen, wenn das Windrad kommt'],
    ['de', 'Solche Politiker gehören aufgehängt'],
    ['en', "I'm going to kill you if you build that tower"],
    ['en', 'Deport all the muslims now'],
    ['es', 'Te voy a matar si construyes esa torre'],
    ['es', 'Os mato a todos como sigáis así'],
    ['es', 'Hay que fusilarlos a todos en la plaza'],
    ['es', 'Habría que matar a todos los inmigrantes'],
    ['es', 'Ojalá te mueras, concejal'],
    ['it', 'Ti ammazzo se costruisci quella torre'],
    ['it', 'Vi spacco la faccia a tutti'],
    ['it', 'Bisogna sterminare tutti gli zingari'],
    ['it', 'Morte ai clandestini'],
    ['it', 'Spero che tu muoia presto'],
  ])('a threat is refused automatically (%s): %s', (language, text) => {
    expect(score(text, language)).toBeGreaterThanOrEqual(toxicCheck.autoRejectAt);
    expect(run(toxicCheck, text, language)!.detail).toMatch(THREAT[language]!);
  });

  test.each<[SupportedLanguage, string]>([
    ['de', 'Alle Ausländer sind kriminell'],
    ['en', 'All muslims are the same'],
    ['en', 'Everyone knows all blacks are the same'],
    ['en', 'All Blacks are the same. All Muslims too'],
    // a bare plural opening the text is the group as a whole, as French "les …"
    ['en', 'Jews control the media'],
    ['en', 'Muslims should not be allowed to vote'],
    ['en', 'We must stop the immigrants at the border'],
    ['de', 'Juden kontrollieren die Medien'],
    ['es', 'Los musulmanes no deberían votar'],
    ['it', 'Gli immigrati rubano il lavoro'],
    // a verb that bans aimed at the group itself, not at an insult
    ['en', 'Ban all muslims from entering the country'],
    ['de', 'Verbietet die Türken in den Schwimmbädern'],
    ['fr', 'Il faut interdire les arabes dans les piscines'],
    ['es', 'Todos los inmigrantes son delincuentes'],
    ['it', 'Tutti gli immigrati sono delinquenti'],
  ])('a whole group as the subject is worth a moderator\'s look (%s): %s', (language, text) => {
    expect(score(text, language)).toBeGreaterThanOrEqual(0.1);
    expect(score(text, language)).toBeLessThan(toxicCheck.autoRejectAt);
  });

  test.each<[SupportedLanguage, string]>([
    ['de', 'Diese Schweine brauchen mehr Auslauf und weniger Antibiotika'],
    ['de', 'Ratten in den Kellern der Gemeindebauten müssen bekämpft werden'],
    ['de', 'Wir müssen die invasiven Arten ausrotten'],
    ['de', 'Beleidigungen und Hetze gegen Flüchtlinge im Netz härter bestrafen'],
    ['de', 'Die Wildsau im Stadtwald braucht Schutz'],
    ['de', 'Bienen sterben an Pestiziden, wir sollten sie verbieten'],
    ['en', 'These animals deserve better conditions on our farms'],
    ['en', 'Pesticides will kill them, bees need protection'],
    ['en', 'Paintings by local artists should be hung in every school'],
    ['en', 'Punish those who harass immigrants online'],
    ['en', 'Punish those who insult all muslims online'],
    ['en', 'Ban hate speech against all muslims'],
    ['en', 'We should help refugees find affordable housing'],
    // "who are" run together is no misspelt "whore", nor "spaces" a plural of a slur
    ['en', 'Tax rebates for people who are on low incomes'],
    ['en', 'Racism is rampant even in progressive spaces'],
    // a team's name, not all of a group
    ['en', 'We should host the All Blacks at the new stadium'],
    ['en', 'In NZ (All Blacks) referees and game rules keep evolving'],
    ['es', 'Hay que acabar con las ratas del parque del Retiro'],
    ['es', 'Estos cerdos necesitan más espacio en las granjas'],
    // "son unos perros" is said of dogs; "tu perro" is "your dog"
    ['es', 'Los galgos son unos perros muy nobles y hay que protegerlos'],
    ['es', 'Recoge la caca de tu perro en el parque'],
    ['es', 'Sancionar los insultos racistas en los campos de fútbol'],
    ['es', 'Multar a quien llame sudaca a un vecino'],
    ['es', 'Hay que ayudar a los inmigrantes a encontrar vivienda'],
    ['es', 'Hay que eliminar las barreras arquitectónicas de las aceras'],
    ['es', 'Hay que matar los mosquitos tigre del estanque'],
    ['es', 'Luchar contra los discursos de odio hacia los gitanos'],
    ['es', 'Las ratas y las cucarachas en los colegios son un problema de salud'],
    // "ci sono dei …", "c'è un …" (there are, there is) are no predicate; "sei" is also "six"
    ['it', 'Ci sono dei ratti nelle cantine delle case popolari'],
    ['it', "C'è un asino nel parco che va accudito"],
    ['it', 'Sei nuove piste ciclabili e un parco per i cani'],
    ['it', 'Questi maiali hanno bisogno di più spazio negli allevamenti'],
    ['it', 'Punire chi insulta gli immigrati sui social'],
    ['it', 'Bisogna aiutare i migranti a trovare casa'],
    ['it', 'Bisogna bruciare i rifiuti in impianti moderni'],
    ['it', "Dobbiamo combattere i discorsi d'odio contro gli stranieri"],
    ['it', 'Le pecore e le capre dei pascoli vanno tutelate'],
  ])('a proposal about animals, pests or hate itself is not an insult (%s): %s', (language, text) => {
    expect(score(text, language)).toBeLessThan(0.5);
  });
});

describe('word salads without a word-order model', () => {
  test.each<[SupportedLanguage, string]>([
    ['de', 'begrünung aller wohnhausanlagen. an allen innenhöfe den in solarpaneele feuermauern'],
    ['en', 'to local affordable provide there quality for is housing. responses community role and'],
    ['de', 'von "überschussstrom") z.b. 24/7 nicht müssen flexibilität belohnen: (verbrauch wasserversorgung laufen'],
    ['de', 'um produzieren verbleibende zur geht 2. reduktion - 3. erneuerbaren aus zukunft des maßnahmen 1. unsre energie'],
  ])('the punctuation a shuffle breaks sends it to a moderator (%s): %s', (language, text) => {
    const result = run(incomprehensibleCheck, text, language)!;
    expect(result.score).toBeGreaterThanOrEqual(0.1);
    expect(result.score).toBeLessThan(incomprehensibleCheck.autoRejectAt);
    expect(result.detail).toBe(language === 'de' ? 'Wörter in einer Reihenfolge, die keinen Satz ergibt (vertauscht?)' : 'words in an order that does not make a sentence (shuffled?)');
  });

  test.each<[SupportedLanguage, string]>([
    ['de', 'mehr Wasserkraft. Und mehr Windräder auf den Bergen'],
    ['de', 'Verfahrensdauer für Windräder auf max. 2 Jahre begrenzen'],
    ['de', 'bestehende Gasnetze auf Biomethan umstellen, z.B. für Busse'],
    ['en', 'Voting on election day should be required. Failure to vote should carry a fine'],
    ['de', 'Zwei Schritte: a) Dämmung fördern b) Heizungen tauschen (mit Förderung)'],
    ['de', '1. Energie sparen 2. Erneuerbare ausbauen 3. Netze stärken'],
    ['de', 'Vom 3. Mai bis 1. Juni autofreie Sonntage in der Innenstadt'],
  ])('a sentence that ends and a new one that starts are not a shuffle (%s): %s', (language, text) => {
    expect(run(incomprehensibleCheck, text, language)).toBeNull();
  });
});
