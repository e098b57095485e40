/**
 * The words of the reason codes, defined once per language: the short label moderators see (the page reads it
 * from GET /v1/ui: reject menu, filters, counts, history, dashboard) and the rule a statement of reasons cites to
 * the author (models/statement-of-reasons.ts). Each language must name every reason code: the schema is keyed by
 * the ReasonCode enum, and the catalogue is parsed when this module loads, so a missing label fails at start-up
 * and in the unit tests, not in front of a moderator.
 *
 * Rules are templates: {minLength}, {maxLength}, {prefix}, {language} and {question} are the consultation's.
 */
import { z } from './zod.js';
import { ReasonCode } from './schemas.js';
import { SUPPORTED_LANGUAGES } from './text/languages/registry.js';

const Words = z.object({
  label: z.string().min(1).max(40),
  rule: z.string().min(1),
});

const LanguageCatalogue = z.object({
  reasons: z.record(ReasonCode, Words),
  /** missing_prefix's rule when the consultation sets no prefix (its form is another one) */
  formRule: z.string().min(1),
});
export type LanguageCatalogue = z.infer<typeof LanguageCatalogue>;

/** The languages of the catalogue: every supported consultation language (the page's are among them). */
export const CATALOGUE_LANGUAGES = SUPPORTED_LANGUAGES;

const CATALOGUE: Readonly<Record<string, LanguageCatalogue>> = z.record(z.enum(CATALOGUE_LANGUAGES), LanguageCatalogue).parse({
  fr: {
    reasons: {
      too_short: { label: 'Trop courte', rule: 'une proposition compte au moins {minLength} caractères.' },
      too_long: { label: 'Trop longue', rule: 'une proposition compte au plus {maxLength} caractères.' },
      missing_prefix: { label: 'Sans la formule d’ouverture', rule: 'une proposition commence par « {prefix} ».' },
      wrong_language: { label: 'Autre langue', rule: 'les propositions sont rédigées en {language}.' },
      incomprehensible: { label: 'Incompréhensible', rule: 'une proposition exprime une idée compréhensible, en une phrase.' },
      off_topic: { label: 'Hors sujet', rule: 'une proposition répond à la question de la consultation (« {question} »).' },
      duplicate: { label: 'Doublon', rule: 'une proposition ne reprend pas une proposition déjà faite dans la consultation.' },
      toxic: { label: 'Injurieuse ou agressive', rule: 'une proposition ne contient ni insulte ni propos injurieux, haineux ou discriminatoire.' },
      personal_data: { label: 'Données personnelles', rule: "une proposition ne contient pas de données personnelles (numéro de téléphone, adresse, courriel, nom d'une personne)." },
      advertising: { label: 'Publicité', rule: 'une proposition ne fait pas de publicité et ne renvoie pas vers un site commercial.' },
      other: { label: 'Autre motif', rule: 'la charte de modération de la consultation.' },
    },
    formRule: 'une proposition suit la forme demandée par la consultation.',
  },
  en: {
    reasons: {
      too_short: { label: 'Too short', rule: 'a proposal is at least {minLength} characters long.' },
      too_long: { label: 'Too long', rule: 'a proposal is at most {maxLength} characters long.' },
      missing_prefix: { label: 'Without the required opening', rule: 'a proposal starts with "{prefix}".' },
      wrong_language: { label: 'Other language', rule: 'proposals are written in {language}.' },
      incomprehensible: { label: 'Incomprehensible', rule: 'a proposal expresses an understandable idea, in one sentence.' },
      off_topic: { label: 'Off topic', rule: 'a proposal answers the consultation\'s question ("{question}").' },
      duplicate: { label: 'Duplicate', rule: 'a proposal does not repeat a proposal already made in the consultation.' },
      toxic: { label: 'Abusive or aggressive', rule: 'a proposal contains no insult and nothing abusive, hateful or discriminatory.' },
      personal_data: { label: 'Personal data', rule: "a proposal contains no personal data (phone number, address, e-mail, a person's name)." },
      advertising: { label: 'Advertising', rule: 'a proposal does not advertise nor point to a commercial site.' },
      other: { label: 'Other reason', rule: "the consultation's moderation charter." },
    },
    formRule: 'a proposal follows the form the consultation asks for.',
  },
  // a consultation is a "Beteiligung" in German, on the moderators' page too (web/assets/i18n/de.js): the word of
  // citizens' participation (Bürgerbeteiligung, Beteiligungsplattform); "Konsultation" reads as a formal
  // consultation of experts and associations on a draft (EU, ministries) — or a doctor's
  de: {
    reasons: {
      too_short: { label: 'Zu kurz', rule: 'Ein Vorschlag hat mindestens {minLength} Zeichen.' },
      too_long: { label: 'Zu lang', rule: 'Ein Vorschlag hat höchstens {maxLength} Zeichen.' },
      missing_prefix: { label: 'Ohne die Eingangsformel', rule: 'Ein Vorschlag beginnt mit „{prefix}“.' },
      wrong_language: { label: 'Andere Sprache', rule: 'Vorschläge werden auf {language} verfasst.' },
      incomprehensible: { label: 'Unverständlich', rule: 'Ein Vorschlag drückt eine verständliche Idee in einem Satz aus.' },
      off_topic: { label: 'Themenfremd', rule: 'Ein Vorschlag beantwortet die Frage der Beteiligung („{question}“).' },
      duplicate: { label: 'Doppelt', rule: 'Ein Vorschlag wiederholt keinen Vorschlag, der in der Beteiligung bereits gemacht wurde.' },
      toxic: { label: 'Beleidigend oder aggressiv', rule: 'Ein Vorschlag enthält keine Beleidigung und nichts Beleidigendes, Hasserfülltes oder Diskriminierendes.' },
      personal_data: { label: 'Personenbezogene Daten', rule: 'Ein Vorschlag enthält keine personenbezogenen Daten (Telefonnummer, Anschrift, E-Mail, Name einer Person).' },
      advertising: { label: 'Werbung', rule: 'Ein Vorschlag macht keine Werbung und verweist auf keine kommerzielle Website.' },
      other: { label: 'Anderer Grund', rule: 'die Moderationsregeln der Beteiligung.' },
    },
    formRule: 'Ein Vorschlag folgt der von der Beteiligung verlangten Form.',
  },
  es: {
    reasons: {
      too_short: { label: 'Demasiado corta', rule: 'una propuesta tiene al menos {minLength} caracteres.' },
      too_long: { label: 'Demasiado larga', rule: 'una propuesta tiene como máximo {maxLength} caracteres.' },
      missing_prefix: { label: 'Sin la fórmula de apertura', rule: 'una propuesta empieza por «{prefix}».' },
      wrong_language: { label: 'Otro idioma', rule: 'las propuestas se redactan en {language}.' },
      incomprehensible: { label: 'Incomprensible', rule: 'una propuesta expresa una idea comprensible, en una frase.' },
      off_topic: { label: 'Fuera de tema', rule: 'una propuesta responde a la pregunta de la consulta («{question}»).' },
      duplicate: { label: 'Duplicada', rule: 'una propuesta no repite una propuesta ya hecha en la consulta.' },
      toxic: { label: 'Injuriosa o agresiva', rule: 'una propuesta no contiene insultos ni nada injurioso, de odio o discriminatorio.' },
      personal_data: { label: 'Datos personales', rule: 'una propuesta no contiene datos personales (teléfono, dirección, correo electrónico, nombre de una persona).' },
      advertising: { label: 'Publicidad', rule: 'una propuesta no hace publicidad ni remite a un sitio comercial.' },
      other: { label: 'Otro motivo', rule: 'las normas de moderación de la consulta.' },
    },
    formRule: 'una propuesta sigue la forma que pide la consulta.',
  },
  it: {
    reasons: {
      too_short: { label: 'Troppo corta', rule: 'una proposta ha almeno {minLength} caratteri.' },
      too_long: { label: 'Troppo lunga', rule: 'una proposta ha al massimo {maxLength} caratteri.' },
      missing_prefix: { label: 'Senza la formula di apertura', rule: 'una proposta inizia con «{prefix}».' },
      wrong_language: { label: 'Altra lingua', rule: 'le proposte sono scritte in {language}.' },
      incomprehensible: { label: 'Incomprensibile', rule: "una proposta esprime un'idea comprensibile, in una frase." },
      off_topic: { label: 'Fuori tema', rule: 'una proposta risponde alla domanda della consultazione («{question}»).' },
      duplicate: { label: 'Doppione', rule: 'una proposta non ripete una proposta già fatta nella consultazione.' },
      toxic: { label: 'Offensiva o aggressiva', rule: 'una proposta non contiene insulti né nulla di offensivo, di odio o discriminatorio.' },
      personal_data: { label: 'Dati personali', rule: 'una proposta non contiene dati personali (telefono, indirizzo, e-mail, nome di una persona).' },
      advertising: { label: 'Pubblicità', rule: 'una proposta non fa pubblicità e non rimanda a un sito commerciale.' },
      other: { label: 'Altro motivo', rule: 'le regole di moderazione della consultazione.' },
    },
    formRule: 'una proposta segue la forma richiesta dalla consultazione.',
  },
});

/** The catalogue of `language`, else English; answers the language actually used. */
export function catalogueOf(language: string): { language: string; catalogue: LanguageCatalogue } {
  const catalogue = CATALOGUE[language];
  return catalogue ? { language, catalogue } : { language: 'en', catalogue: CATALOGUE.en! };
}

/** Every language's labels, by language then reason code: what GET /v1/ui serves the page. */
export function reasonLabels(): Record<string, Record<ReasonCode, string>> {
  return Object.fromEntries(Object.entries(CATALOGUE).map(([lang, c]) => [lang,
    Object.fromEntries(Object.entries(c.reasons).map(([code, w]) => [code, w.label])) as Record<ReasonCode, string>]));
}

export interface RuleParams { minLength: number; maxLength: number; prefix: string | null; language: string; question: string }

/** The rule a refusal for `reason` applied, in the catalogue's language, with the consultation's values. */
export function ruleText(catalogue: LanguageCatalogue, reason: ReasonCode, p: RuleParams): string {
  if (reason === 'missing_prefix' && !p.prefix) return catalogue.formRule;
  const values: Record<string, string> = {
    minLength: String(p.minLength), maxLength: String(p.maxLength), prefix: p.prefix ?? '', language: p.language, question: p.question,
  };
  // one pass over the template: a value that contains "{…}" (a question typed by an organiser) is not expanded
  return catalogue.reasons[reason].rule.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
