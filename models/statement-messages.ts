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

export const STATEMENT_MESSAGES: Readonly<Record<string, StatementMessages>> = { fr, en };

/** The messages of `language`, else English; answers the language actually used. */
export function statementMessages(language: string): { language: string; messages: StatementMessages } {
  const messages = STATEMENT_MESSAGES[language];
  return messages ? { language, messages } : { language: 'en', messages: en };
}
