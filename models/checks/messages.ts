/**
 * The checks' one-line details, defined once per language, in the consultation's language (a moderator of an
 * English consultation reads "50% of words not in the dictionary", not French). The catalogue is parsed when
 * this module loads, as the reason catalogue is (models/reason-catalogue.ts): a language missing a message fails
 * at start-up and in the unit tests. Templates take {names}; values are inserted in one pass, so a value holding
 * "{…}" (user text) is not expanded. French is the default.
 */
import { z } from '../zod.js';
import { SUPPORTED_LANGUAGES, languageName, type SupportedLanguage } from '../text/languages/registry.js';
import { percent } from './detail.js';

const MESSAGE_IDS = [
  'language.otherScript', 'language.detected', 'language.doubtful', 'language.unknown',
  'incomprehensible.noWords', 'incomprehensible.outOfDictionary', 'incomprehensible.sms', 'incomprehensible.wordOrder',
  'incomprehensible.misplacedCapital', 'incomprehensible.nonAnswer', 'incomprehensible.repeated',
  'toxic.threat', 'toxic.possible', 'toxic.insult', 'toxic.insults', 'toxic.aboutGroup',
] as const;
export type MessageId = (typeof MESSAGE_IDS)[number];

const Messages = z.object(Object.fromEntries(MESSAGE_IDS.map((id) => [id, z.string().min(1)])) as Record<MessageId, z.ZodString>);

const CATALOGUE = z.record(z.enum(SUPPORTED_LANGUAGES), Messages).parse({
  fr: {
    'language.otherScript': 'écrite en {language} : {share} des lettres ne sont pas latines',
    'language.detected': 'écrite en {language}',
    'language.doubtful': 'peut-être écrite en {language} (pas sûr)',
    'language.unknown': 'langue inconnue',
    'incomprehensible.noWords': 'aucun mot après la formule d’ouverture',
    'incomprehensible.outOfDictionary': '{share} des mots hors dictionnaire : {words}',
    'incomprehensible.sms': 'langage SMS : {words}',
    'incomprehensible.wordOrder': 'mots dans un ordre qui ne fait pas une phrase (mélangés ?)',
    'incomprehensible.misplacedCapital': "majuscule en milieu de phrase : '{word}' (mots mélangés ?)",
    'incomprehensible.nonAnswer': 'non-réponse : « {text} »',
    'incomprehensible.repeated': "caractère répété : '{run}'",
    'toxic.threat': "menace ou appel à la violence : '{words}'",
    'toxic.possible': 'mot possiblement injurieux : {words}',
    'toxic.insult': 'mot injurieux : {words}',
    'toxic.insults': 'mots injurieux : {words}',
    'toxic.aboutGroup': 'message de conversation sur un groupe de personnes ({words}) : propos haineux possibles',
  },
  en: {
    'language.otherScript': 'written in {language}: {share} of letters are not Latin',
    'language.detected': 'written in {language}',
    'language.doubtful': 'maybe written in {language} (not sure)',
    'language.unknown': 'an unknown language',
    'incomprehensible.noWords': 'no word after the opening formula',
    'incomprehensible.outOfDictionary': '{share} of words not in the dictionary: {words}',
    'incomprehensible.sms': 'text-speak: {words}',
    'incomprehensible.wordOrder': 'words in an order that does not make a sentence (shuffled?)',
    'incomprehensible.misplacedCapital': "capital letter mid-sentence: '{word}' (shuffled words?)",
    'incomprehensible.nonAnswer': 'non-answer: "{text}"',
    'incomprehensible.repeated': "repeated character: '{run}'",
    'toxic.threat': "threat or call to violence: '{words}'",
    'toxic.possible': 'possibly abusive word: {words}',
    'toxic.insult': 'abusive word: {words}',
    'toxic.insults': 'abusive words: {words}',
    'toxic.aboutGroup': 'chat message about a group of people ({words}): possibly hateful',
  },
  de: {
    'language.otherScript': 'in {language} geschrieben: {share} der Buchstaben sind nicht lateinisch',
    'language.detected': 'in {language} geschrieben',
    'language.doubtful': 'vielleicht in {language} geschrieben (unsicher)',
    'language.unknown': 'unbekannter Sprache',
    'incomprehensible.noWords': 'kein Wort nach der Eingangsformel',
    'incomprehensible.outOfDictionary': '{share} der Wörter nicht im Wörterbuch: {words}',
    'incomprehensible.sms': 'SMS-Sprache: {words}',
    'incomprehensible.wordOrder': 'Wörter in einer Reihenfolge, die keinen Satz ergibt (vertauscht?)',
    'incomprehensible.misplacedCapital': "Großbuchstabe mitten im Satz: '{word}' (Wörter vertauscht?)",
    'incomprehensible.nonAnswer': 'keine Antwort: „{text}“',
    'incomprehensible.repeated': "wiederholtes Zeichen: '{run}'",
    'toxic.threat': "Drohung oder Aufruf zur Gewalt: '{words}'",
    'toxic.possible': 'möglicherweise beleidigendes Wort: {words}',
    'toxic.insult': 'beleidigendes Wort: {words}',
    'toxic.insults': 'beleidigende Wörter: {words}',
    'toxic.aboutGroup': 'Chatnachricht über eine Gruppe von Menschen ({words}): möglicherweise Hassrede',
  },
  es: {
    'language.otherScript': 'escrita en {language}: {share} de las letras no son latinas',
    'language.detected': 'escrita en {language}',
    'language.doubtful': 'quizá escrita en {language} (no es seguro)',
    'language.unknown': 'un idioma desconocido',
    'incomprehensible.noWords': 'ninguna palabra tras la fórmula de apertura',
    'incomprehensible.outOfDictionary': '{share} de las palabras fuera del diccionario: {words}',
    'incomprehensible.sms': 'lenguaje SMS: {words}',
    'incomprehensible.wordOrder': 'palabras en un orden que no forma una frase (¿mezcladas?)',
    'incomprehensible.misplacedCapital': "mayúscula en medio de la frase: '{word}' (¿palabras mezcladas?)",
    'incomprehensible.nonAnswer': 'no respuesta: «{text}»',
    'incomprehensible.repeated': "carácter repetido: '{run}'",
    'toxic.threat': "amenaza o llamada a la violencia: '{words}'",
    'toxic.possible': 'palabra posiblemente injuriosa: {words}',
    'toxic.insult': 'palabra injuriosa: {words}',
    'toxic.insults': 'palabras injuriosas: {words}',
    'toxic.aboutGroup': 'mensaje de chat sobre un grupo de personas ({words}): posible discurso de odio',
  },
  it: {
    'language.otherScript': 'scritta in {language}: {share} delle lettere non sono latine',
    'language.detected': 'scritta in {language}',
    'language.doubtful': 'forse scritta in {language} (non è sicuro)',
    'language.unknown': 'una lingua sconosciuta',
    'incomprehensible.noWords': 'nessuna parola dopo la formula di apertura',
    'incomprehensible.outOfDictionary': '{share} delle parole non nel dizionario: {words}',
    'incomprehensible.sms': 'linguaggio SMS: {words}',
    'incomprehensible.wordOrder': 'parole in un ordine che non forma una frase (mescolate?)',
    'incomprehensible.misplacedCapital': "maiuscola a metà frase: '{word}' (parole mescolate?)",
    'incomprehensible.nonAnswer': 'non risposta: «{text}»',
    'incomprehensible.repeated': "carattere ripetuto: '{run}'",
    'toxic.threat': "minaccia o incitamento alla violenza: '{words}'",
    'toxic.possible': 'parola forse offensiva: {words}',
    'toxic.insult': 'parola offensiva: {words}',
    'toxic.insults': 'parole offensive: {words}',
    'toxic.aboutGroup': 'messaggio di chat su un gruppo di persone ({words}): possibile discorso d’odio',
  },
});

/** The detail `id` in `language`, with `values` in place of its {names}. */
export function message(language: SupportedLanguage, id: MessageId, values: Record<string, string> = {}): string {
  return CATALOGUE[language]![id].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** "62 %" in French and German typography, "62%" in English, Spanish and Italian. */
export function share(language: SupportedLanguage, value: number): string {
  const text = percent(value);
  return language === 'fr' || language === 'de' || language === 'es' ? text : text.replace(' ', '');
}

/** The name of a detected language in the consultation's language ("anglais", "English", "Englisch"). */
export function nameOf(language: SupportedLanguage, code: string): string {
  return code === '' ? message(language, 'language.unknown') : languageName(code, language);
}
