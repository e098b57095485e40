/**
 * The words of a statement of reasons (models/statement-of-reasons.ts), per language. A language missing here
 * falls back to English. Each entry receives what it needs and returns plain text (never HTML: the page and
 * the platform escape it).
 */
import type { ReasonCode } from './schemas.js';

export interface RuleParams { minLength: number; maxLength: number; prefix: string | null; language: string; question: string }

export interface StatementMessages {
  refused: string;
  rules: Record<ReasonCode, (p: RuleParams) => string>;
  ruleIntro: (rule: string) => string;
  detected: (check: string | null) => string;
  notDetected: string;
  reported: string;
  decision: Record<'fully' | 'partially' | 'not', string>;
  redress: (until: string) => string;
}

const fr: StatementMessages = {
  refused: "Votre proposition n'a pas été publiée.",
  ruleIntro: (rule) => `Règle appliquée : ${rule}`,
  rules: {
    too_short: (p) => `une proposition compte au moins ${p.minLength} caractères.`,
    too_long: (p) => `une proposition compte au plus ${p.maxLength} caractères.`,
    missing_prefix: (p) => p.prefix ? `une proposition commence par « ${p.prefix} ».` : 'une proposition suit la forme demandée par la consultation.',
    wrong_language: (p) => `les propositions sont rédigées en ${p.language}.`,
    incomprehensible: () => 'une proposition exprime une idée compréhensible, en une phrase.',
    off_topic: (p) => `une proposition répond à la question de la consultation (« ${p.question} »).`,
    duplicate: () => 'une proposition ne reprend pas une proposition déjà faite dans la consultation.',
    toxic: () => 'une proposition ne contient ni insulte ni propos injurieux, haineux ou discriminatoire.',
    personal_data: () => "une proposition ne contient pas de données personnelles (numéro de téléphone, adresse, courriel, nom d'une personne).",
    advertising: () => 'une proposition ne fait pas de publicité et ne renvoie pas vers un site commercial.',
    other: () => 'la charte de modération de la consultation.',
  },
  detected: (check) => `Elle a été repérée par un traitement automatisé${check ? ` (contrôle « ${check} »)` : ''}.`,
  notDetected: "Elle n'a pas été repérée par un traitement automatisé.",
  reported: 'Elle a été signalée par des participants.',
  decision: {
    fully: 'La décision a été prise de façon entièrement automatisée, sans intervention humaine.',
    partially: "La décision a été prise par un modérateur, sur la suggestion d'un traitement automatisé.",
    not: 'La décision a été prise par un modérateur, sans traitement automatisé.',
  },
  redress: (until) => `Vous pouvez contester cette décision jusqu'au ${until} en expliquant pourquoi sur la plateforme de la consultation : `
    + "votre recours sera examiné par une personne qui n'a pas pris la décision. Vous pouvez aussi saisir un organisme "
    + 'certifié de règlement extrajudiciaire des litiges ou la justice.',
};

const en: StatementMessages = {
  refused: 'Your proposal was not published.',
  ruleIntro: (rule) => `Rule applied: ${rule}`,
  rules: {
    too_short: (p) => `a proposal is at least ${p.minLength} characters long.`,
    too_long: (p) => `a proposal is at most ${p.maxLength} characters long.`,
    missing_prefix: (p) => p.prefix ? `a proposal starts with "${p.prefix}".` : 'a proposal follows the form the consultation asks for.',
    wrong_language: (p) => `proposals are written in ${p.language}.`,
    incomprehensible: () => 'a proposal expresses an understandable idea, in one sentence.',
    off_topic: (p) => `a proposal answers the consultation's question ("${p.question}").`,
    duplicate: () => 'a proposal does not repeat a proposal already made in the consultation.',
    toxic: () => 'a proposal contains no insult and nothing abusive, hateful or discriminatory.',
    personal_data: () => "a proposal contains no personal data (phone number, address, e-mail, a person's name).",
    advertising: () => 'a proposal does not advertise nor point to a commercial site.',
    other: () => "the consultation's moderation charter.",
  },
  detected: (check) => `It was detected by automated means${check ? ` (check "${check}")` : ''}.`,
  notDetected: 'It was not detected by automated means.',
  reported: 'It was reported by participants.',
  decision: {
    fully: 'The decision was taken by fully automated means, without human intervention.',
    partially: 'The decision was taken by a moderator, following the suggestion of automated means.',
    not: 'The decision was taken by a moderator, without automated means.',
  },
  redress: (until) => `You may contest this decision until ${until} by explaining why on the consultation's platform: `
    + 'your appeal will be examined by a person who did not take the decision. You may also turn to a certified '
    + 'out-of-court dispute settlement body or to the courts.',
};

const de: StatementMessages = {
  refused: 'Ihr Vorschlag wurde nicht veröffentlicht.',
  ruleIntro: (rule) => `Angewandte Regel: ${rule}`,
  rules: {
    too_short: (p) => `Ein Vorschlag hat mindestens ${p.minLength} Zeichen.`,
    too_long: (p) => `Ein Vorschlag hat höchstens ${p.maxLength} Zeichen.`,
    missing_prefix: (p) => p.prefix ? `Ein Vorschlag beginnt mit „${p.prefix}“.` : 'Ein Vorschlag folgt der von der Konsultation verlangten Form.',
    wrong_language: (p) => `Vorschläge werden auf ${p.language} verfasst.`,
    incomprehensible: () => 'Ein Vorschlag drückt eine verständliche Idee in einem Satz aus.',
    off_topic: (p) => `Ein Vorschlag beantwortet die Frage der Konsultation („${p.question}“).`,
    duplicate: () => 'Ein Vorschlag wiederholt keinen Vorschlag, der in der Konsultation bereits gemacht wurde.',
    toxic: () => 'Ein Vorschlag enthält keine Beleidigung und nichts Beleidigendes, Hasserfülltes oder Diskriminierendes.',
    personal_data: () => 'Ein Vorschlag enthält keine personenbezogenen Daten (Telefonnummer, Anschrift, E-Mail, Name einer Person).',
    advertising: () => 'Ein Vorschlag macht keine Werbung und verweist auf keine kommerzielle Website.',
    other: () => 'die Moderationsregeln der Konsultation.',
  },
  detected: (check) => `Er wurde mit automatisierten Mitteln erkannt${check ? ` (Prüfung „${check}“)` : ''}.`,
  notDetected: 'Er wurde nicht mit automatisierten Mitteln erkannt.',
  reported: 'Er wurde von Teilnehmenden gemeldet.',
  decision: {
    fully: 'Die Entscheidung wurde vollständig automatisiert getroffen, ohne menschliches Zutun.',
    partially: 'Die Entscheidung wurde von einer Moderatorin oder einem Moderator auf Vorschlag automatisierter Mittel getroffen.',
    not: 'Die Entscheidung wurde von einer Moderatorin oder einem Moderator ohne automatisierte Mittel getroffen.',
  },
  redress: (until) => `Sie können diese Entscheidung bis zum ${until} anfechten, indem Sie auf der Plattform der Konsultation `
    + 'begründen, warum: Ihre Beschwerde prüft eine Person, die die Entscheidung nicht getroffen hat. Sie können sich auch an '
    + 'eine zertifizierte außergerichtliche Streitbeilegungsstelle oder an die Gerichte wenden.',
};

const es: StatementMessages = {
  refused: 'Su propuesta no se ha publicado.',
  ruleIntro: (rule) => `Norma aplicada: ${rule}`,
  rules: {
    too_short: (p) => `una propuesta tiene al menos ${p.minLength} caracteres.`,
    too_long: (p) => `una propuesta tiene como máximo ${p.maxLength} caracteres.`,
    missing_prefix: (p) => p.prefix ? `una propuesta empieza por «${p.prefix}».` : 'una propuesta sigue la forma que pide la consulta.',
    wrong_language: (p) => `las propuestas se redactan en ${p.language}.`,
    incomprehensible: () => 'una propuesta expresa una idea comprensible, en una frase.',
    off_topic: (p) => `una propuesta responde a la pregunta de la consulta («${p.question}»).`,
    duplicate: () => 'una propuesta no repite una propuesta ya hecha en la consulta.',
    toxic: () => 'una propuesta no contiene insultos ni nada injurioso, de odio o discriminatorio.',
    personal_data: () => 'una propuesta no contiene datos personales (teléfono, dirección, correo electrónico, nombre de una persona).',
    advertising: () => 'una propuesta no hace publicidad ni remite a un sitio comercial.',
    other: () => 'las normas de moderación de la consulta.',
  },
  detected: (check) => `Se detectó por medios automatizados${check ? ` (control «${check}»)` : ''}.`,
  notDetected: 'No se detectó por medios automatizados.',
  reported: 'La denunciaron participantes.',
  decision: {
    fully: 'La decisión se tomó por medios totalmente automatizados, sin intervención humana.',
    partially: 'La decisión la tomó un moderador, a propuesta de medios automatizados.',
    not: 'La decisión la tomó un moderador, sin medios automatizados.',
  },
  redress: (until) => `Puede impugnar esta decisión hasta el ${until} explicando el motivo en la plataforma de la consulta: `
    + 'su reclamación la examinará una persona que no tomó la decisión. También puede acudir a un órgano certificado de '
    + 'resolución extrajudicial de litigios o a los tribunales.',
};

const it: StatementMessages = {
  refused: 'La sua proposta non è stata pubblicata.',
  ruleIntro: (rule) => `Regola applicata: ${rule}`,
  rules: {
    too_short: (p) => `una proposta ha almeno ${p.minLength} caratteri.`,
    too_long: (p) => `una proposta ha al massimo ${p.maxLength} caratteri.`,
    missing_prefix: (p) => p.prefix ? `una proposta inizia con «${p.prefix}».` : 'una proposta segue la forma richiesta dalla consultazione.',
    wrong_language: (p) => `le proposte sono scritte in ${p.language}.`,
    incomprehensible: () => "una proposta esprime un'idea comprensibile, in una frase.",
    off_topic: (p) => `una proposta risponde alla domanda della consultazione («${p.question}»).`,
    duplicate: () => 'una proposta non ripete una proposta già fatta nella consultazione.',
    toxic: () => 'una proposta non contiene insulti né nulla di offensivo, di odio o discriminatorio.',
    personal_data: () => 'una proposta non contiene dati personali (telefono, indirizzo, e-mail, nome di una persona).',
    advertising: () => 'una proposta non fa pubblicità e non rimanda a un sito commerciale.',
    other: () => 'le regole di moderazione della consultazione.',
  },
  detected: (check) => `È stata rilevata con mezzi automatizzati${check ? ` (controllo «${check}»)` : ''}.`,
  notDetected: 'Non è stata rilevata con mezzi automatizzati.',
  reported: 'È stata segnalata da partecipanti.',
  decision: {
    fully: 'La decisione è stata presa con mezzi interamente automatizzati, senza intervento umano.',
    partially: 'La decisione è stata presa da un moderatore, su suggerimento di mezzi automatizzati.',
    not: 'La decisione è stata presa da un moderatore, senza mezzi automatizzati.',
  },
  redress: (until) => `Può contestare questa decisione fino al ${until} spiegando il motivo sulla piattaforma della consultazione: `
    + 'il reclamo sarà esaminato da una persona che non ha preso la decisione. Può anche rivolgersi a un organismo '
    + 'certificato di risoluzione extragiudiziale delle controversie o ai tribunali.',
};

/** The languages of issue 14's checks; any other falls back to English. */
export const STATEMENT_MESSAGES: Readonly<Record<string, StatementMessages>> = { fr, en, de, es, it };

/** The messages of `language`, else English; answers the language actually used. */
export function statementMessages(language: string): { language: string; messages: StatementMessages } {
  const messages = STATEMENT_MESSAGES[language];
  return messages ? { language, messages } : { language: 'en', messages: en };
}
