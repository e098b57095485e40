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
  'toxic.threat', 'toxic.possible', 'toxic.insult', 'toxic.insults',
] as const;
export type MessageId = (typeof MESSAGE_IDS)[number];

const Messages = z.object(Object.fromEntries(MESSAGE_IDS.map((id) => [id, z.string().min(1)])) as Record<MessageId, z.ZodString>);

const CATALOGUE = z.record(z.enum(SUPPORTED_LANGUAGES), Messages).parse({
  fr: {
    'language.otherScript': 'langue détectée : {language}, écriture non latine ({share} des lettres)',
    'language.detected': 'langue détectée : {language} ({probability})',
    'language.doubtful': 'langue douteuse : {language} selon un seul des deux modèles',
    'language.unknown': 'inconnue',
    'incomprehensible.noWords': 'aucun mot après la formule d’ouverture',
    'incomprehensible.outOfDictionary': '{share} des mots hors dictionnaire : {words}',
    'incomprehensible.sms': 'langage SMS : {words}',
    'incomprehensible.wordOrder': 'ordre des mots improbable (mots mélangés ?), écart {z}',
    'incomprehensible.misplacedCapital': "majuscule en milieu de phrase : '{word}' (mots mélangés ?)",
    'incomprehensible.nonAnswer': 'non-réponse : « {text} »',
    'incomprehensible.repeated': "caractère répété : '{run}'",
    'toxic.threat': "menace ou appel à la violence : '{words}'",
    'toxic.possible': 'mot possiblement injurieux : {words}',
    'toxic.insult': 'mot injurieux : {words}',
    'toxic.insults': 'mots injurieux : {words}',
  },
  en: {
    'language.otherScript': 'language detected: {language}, non-Latin script ({share} of letters)',
    'language.detected': 'language detected: {language} ({probability})',
    'language.doubtful': 'doubtful language: {language} according to one of the two models only',
    'language.unknown': 'unknown',
    'incomprehensible.noWords': 'no word after the opening formula',
    'incomprehensible.outOfDictionary': '{share} of words not in the dictionary: {words}',
    'incomprehensible.sms': 'text-speak: {words}',
    'incomprehensible.wordOrder': 'unlikely word order (shuffled words?), deviation {z}',
    'incomprehensible.misplacedCapital': "capital letter mid-sentence: '{word}' (shuffled words?)",
    'incomprehensible.nonAnswer': 'non-answer: "{text}"',
    'incomprehensible.repeated': "repeated character: '{run}'",
    'toxic.threat': "threat or call to violence: '{words}'",
    'toxic.possible': 'possibly abusive word: {words}',
    'toxic.insult': 'abusive word: {words}',
    'toxic.insults': 'abusive words: {words}',
  },
  de: {
    'language.otherScript': 'erkannte Sprache: {language}, nicht lateinische Schrift ({share} der Buchstaben)',
    'language.detected': 'erkannte Sprache: {language} ({probability})',
    'language.doubtful': 'unsichere Sprache: {language} nach nur einem der beiden Modelle',
    'language.unknown': 'unbekannt',
    'incomprehensible.noWords': 'kein Wort nach der Eingangsformel',
    'incomprehensible.outOfDictionary': '{share} der Wörter nicht im Wörterbuch: {words}',
    'incomprehensible.sms': 'SMS-Sprache: {words}',
    'incomprehensible.wordOrder': 'unwahrscheinliche Wortfolge (Wörter vertauscht?), Abweichung {z}',
    'incomprehensible.misplacedCapital': "Großbuchstabe mitten im Satz: '{word}' (Wörter vertauscht?)",
    'incomprehensible.nonAnswer': 'keine Antwort: „{text}“',
    'incomprehensible.repeated': "wiederholtes Zeichen: '{run}'",
    'toxic.threat': "Drohung oder Aufruf zur Gewalt: '{words}'",
    'toxic.possible': 'möglicherweise beleidigendes Wort: {words}',
    'toxic.insult': 'beleidigendes Wort: {words}',
    'toxic.insults': 'beleidigende Wörter: {words}',
  },
  es: {
    'language.otherScript': 'idioma detectado: {language}, escritura no latina ({share} de las letras)',
    'language.detected': 'idioma detectado: {language} ({probability})',
    'language.doubtful': 'idioma dudoso: {language} según uno solo de los dos modelos',
    'language.unknown': 'desconocido',
    'incomprehensible.noWords': 'ninguna palabra tras la fórmula de apertura',
    'incomprehensible.outOfDictionary': '{share} de las palabras fuera del diccionario: {words}',
    'incomprehensible.sms': 'lenguaje SMS: {words}',
    'incomprehensible.wordOrder': 'orden de palabras improbable (¿palabras mezcladas?), desviación {z}',
    'incomprehensible.misplacedCapital': "mayúscula en medio de la frase: '{word}' (¿palabras mezcladas?)",
    'incomprehensible.nonAnswer': 'no respuesta: «{text}»',
    'incomprehensible.repeated': "carácter repetido: '{run}'",
    'toxic.threat': "amenaza o llamada a la violencia: '{words}'",
    'toxic.possible': 'palabra posiblemente injuriosa: {words}',
    'toxic.insult': 'palabra injuriosa: {words}',
    'toxic.insults': 'palabras injuriosas: {words}',
  },
  it: {
    'language.otherScript': 'lingua rilevata: {language}, scrittura non latina ({share} delle lettere)',
    'language.detected': 'lingua rilevata: {language} ({probability})',
    'language.doubtful': 'lingua dubbia: {language} secondo uno solo dei due modelli',
    'language.unknown': 'sconosciuta',
    'incomprehensible.noWords': 'nessuna parola dopo la formula di apertura',
    'incomprehensible.outOfDictionary': '{share} delle parole non nel dizionario: {words}',
    'incomprehensible.sms': 'linguaggio SMS: {words}',
    'incomprehensible.wordOrder': 'ordine delle parole improbabile (parole mescolate?), scarto {z}',
    'incomprehensible.misplacedCapital': "maiuscola a metà frase: '{word}' (parole mescolate?)",
    'incomprehensible.nonAnswer': 'non risposta: «{text}»',
    'incomprehensible.repeated': "carattere ripetuto: '{run}'",
    'toxic.threat': "minaccia o incitamento alla violenza: '{words}'",
    'toxic.possible': 'parola forse offensiva: {words}',
    'toxic.insult': 'parola offensiva: {words}',
    'toxic.insults': 'parole offensive: {words}',
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
