/**
 * The sentences of a statement of reasons (models/statement-of-reasons.ts) around its reason, per language; the
 * reason's label and rule come from the one catalogue of reason words (models/reason-catalogue.ts). A language
 * missing here falls back to English. Each entry returns plain text (never HTML: the page and the platform
 * escape it).
 */

export interface StatementMessages {
  refused: string;
  grounds: (label: string) => string;
  ruleIntro: (rule: string) => string;
  /** said without the check's id: the author learns that a machine found it, not the project's internals */
  detected: string;
  notDetected: string;
  reported: string;
  decision: Record<'fully' | 'partially' | 'not', string>;
  redress: (until: string) => string;
}

const fr: StatementMessages = {
  refused: "Votre proposition n'a pas été publiée.",
  grounds: (label) => `Motif : ${label}.`,
  ruleIntro: (rule) => `Règle appliquée : ${rule}`,
  detected: 'Elle a été repérée par un traitement automatisé.',
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
  grounds: (label) => `Reason: ${label}.`,
  ruleIntro: (rule) => `Rule applied: ${rule}`,
  detected: 'It was detected by automated means.',
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
  grounds: (label) => `Grund: ${label}.`,
  ruleIntro: (rule) => `Angewandte Regel: ${rule}`,
  detected: 'Er wurde mit automatisierten Mitteln erkannt.',
  notDetected: 'Er wurde nicht mit automatisierten Mitteln erkannt.',
  reported: 'Er wurde von Teilnehmenden gemeldet.',
  decision: {
    fully: 'Die Entscheidung wurde vollständig automatisiert getroffen, ohne menschliches Zutun.',
    partially: 'Die Entscheidung wurde von einer Moderatorin oder einem Moderator auf Vorschlag automatisierter Mittel getroffen.',
    not: 'Die Entscheidung wurde von einer Moderatorin oder einem Moderator ohne automatisierte Mittel getroffen.',
  },
  redress: (until) => `Sie können diese Entscheidung bis zum ${until} anfechten, indem Sie auf der Beteiligungsplattform `
    + 'begründen, warum: Ihre Beschwerde prüft eine Person, die die Entscheidung nicht getroffen hat. Sie können sich auch an '
    + 'eine zertifizierte außergerichtliche Streitbeilegungsstelle oder an die Gerichte wenden.',
};

const es: StatementMessages = {
  refused: 'Su propuesta no se ha publicado.',
  grounds: (label) => `Motivo: ${label}.`,
  ruleIntro: (rule) => `Norma aplicada: ${rule}`,
  detected: 'Se detectó por medios automatizados.',
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
  grounds: (label) => `Motivo: ${label}.`,
  ruleIntro: (rule) => `Regola applicata: ${rule}`,
  detected: 'È stata rilevata con mezzi automatizzati.',
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
