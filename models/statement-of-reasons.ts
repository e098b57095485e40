/**
 * The statement of reasons owed to the author of every refused proposal (DSA Art. 17(3)): the rule applied,
 * whether the proposal was detected and the decision taken by automated means, the facts (own initiative or
 * participants' reports) and how to contest it (Art. 20) — in the consultation's language, English when the
 * catalogues (models/statement-messages.ts, models/reason-catalogue.ts) lack it. A pure function of the decision: computed when read, so a
 * proposal, its webhook event and the transparency export (models/transparency-database.ts) always agree.
 */
import { z } from './zod.js';
import { ReasonCode, writtenLanguage, type Consultation, type Decision, type Suggestion } from './schemas.js';
import { catalogueOf, ruleText } from './reason-catalogue.js';
import { statementMessages } from './statement-messages.js';
import { dateLocale, languageName } from './text/languages/registry.js';

export const AUTOMATED_DECISIONS = ['fully', 'partially', 'not'] as const;
export type AutomatedDecision = typeof AUTOMATED_DECISIONS[number];

/** DSA Art. 20(1): the complaint system is open for at least six months after the decision. */
export const APPEAL_WINDOW_DAYS = 183;

/** A finding from this score is what brought the refusal's reason to light (the policy's reporting score for
 * a finding, as in the stats' check agreement). */
const DETECTED_AT = 0.5;

export const StatementOfReasons = z.object({
  language: z.string().openapi({ description: 'the language of the texts: the consultation\'s, or English when no catalogue has it' }),
  reason: ReasonCode.nullable(),
  rule: z.string().openapi({ description: 'the rule applied, readable by the author' }),
  source: z.enum(['own_initiative', 'participant_reports']),
  automatedDetection: z.boolean().openapi({ description: 'the refusal\'s reason was found by a check' }),
  detectedBy: z.string().nullable().openapi({ description: 'the check that found it' }),
  automatedDecision: z.enum(AUTOMATED_DECISIONS).openapi({ description: 'fully: no person decided; partially: a moderator followed the machine\'s suggestion; not: a moderator decided without one' }),
  decidedAt: z.string(),
  appealUntil: z.string().openapi({ description: 'the last day an appeal is received (ISO 8601)' }),
  redress: z.string(),
  text: z.string().openapi({ description: 'the whole statement, to show to the author as is' }),
}).openapi('StatementOfReasons');
export type StatementOfReasons = z.infer<typeof StatementOfReasons>;

export interface RefusedProposal {
  suggestion: Suggestion | null;
  decision: Decision | null;
  /** the proposal came back to review because participants reported it */
  reported?: boolean;
}

/** The statement of a refused proposal; null when the proposal is not refused. */
export function statementOfReasons(p: RefusedProposal, consultation: Pick<Consultation, 'question' | 'rules'> & { language: string; unsupportedLanguage?: string | undefined }): StatementOfReasons | null {
  const d = p.decision;
  if (!d || d.outcome !== 'reject') return null;
  const { language, messages } = statementMessages(writtenLanguage(consultation));
  const reason = d.reason ?? 'other';
  const finding = p.suggestion?.reasons.find((r) => !r.shadow && r.code === reason && r.score >= DETECTED_AT) ?? null;
  const automatic = d.decidedBy === 'system';
  const automatedDetection = automatic || finding !== null;
  const automatedDecision: AutomatedDecision = automatic ? 'fully' : p.suggestion?.outcome === 'reject' ? 'partially' : 'not';
  const rule = ruleText(catalogueOf(language).catalogue, reason, {
    minLength: consultation.rules.minLength, maxLength: consultation.rules.maxLength,
    prefix: consultation.rules.requiredPrefix ?? null, language: languageName(writtenLanguage(consultation), language),
    question: consultation.question,
  });
  const decidedAt = new Date(d.decidedAt);
  const until = new Date(decidedAt.getTime() + APPEAL_WINDOW_DAYS * 86_400_000);
  const redress = messages.redress(until.toLocaleDateString(dateLocale(language), { dateStyle: 'long', timeZone: 'UTC' }));
  const source = p.reported ? 'participant_reports' : 'own_initiative';
  const detectedBy = finding?.check ?? null;
  const text = [
    messages.refused,
    messages.grounds(catalogueOf(language).catalogue.reasons[reason].label),
    messages.ruleIntro(rule),
    p.reported ? messages.reported : null,
    automatedDetection ? messages.detected : messages.notDetected,
    messages.decision[automatedDecision],
    redress,
  ].filter((s): s is string => s !== null).join(' ');
  return {
    language, reason: d.reason, rule, source, automatedDetection, detectedBy, automatedDecision,
    decidedAt: decidedAt.toISOString(), appealUntil: until.toISOString(), redress, text,
  };
}
