/**
 * The EU DSA Transparency Database's submission format (Art. 24(5) DSA), encoded from its published API
 * documentation and validation rules, and the mapping of our statements of reasons onto it.
 *
 * Sources (read 2026-12-05):
 * - https://transparency.dsa.ec.europa.eu/page/api-documentation (fields, formats, limits)
 * - https://github.com/digital-services-act/transparency-database/blob/69e80a0bc8eb3cbfbe8246e898194c3bdf490a4b/app/Http/Requests/StatementStoreRequest.php
 *   (the API's validation rules) and app/Models/Statement.php (allowed values) at the same commit.
 * The database forbids personal data in a submission: the export carries no text, author or external id.
 */
import { z } from './zod.js';
import { writtenLanguage, type ReasonCode } from './schemas.js';
import type { StatementOfReasons } from './statement-of-reasons.js';

export const TDB_DECISION_VISIBILITIES = [
  'DECISION_VISIBILITY_CONTENT_REMOVED', 'DECISION_VISIBILITY_CONTENT_DISABLED', 'DECISION_VISIBILITY_CONTENT_DEMOTED',
  'DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED', 'DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED',
  'DECISION_VISIBILITY_CONTENT_LABELLED', 'DECISION_VISIBILITY_OTHER',
] as const;
export const TDB_DECISION_MONETARIES = ['DECISION_MONETARY_SUSPENSION', 'DECISION_MONETARY_TERMINATION', 'DECISION_MONETARY_OTHER'] as const;
export const TDB_DECISION_PROVISIONS = [
  'DECISION_PROVISION_PARTIAL_SUSPENSION', 'DECISION_PROVISION_TOTAL_SUSPENSION',
  'DECISION_PROVISION_PARTIAL_TERMINATION', 'DECISION_PROVISION_TOTAL_TERMINATION',
] as const;
export const TDB_DECISION_ACCOUNTS = ['DECISION_ACCOUNT_SUSPENDED', 'DECISION_ACCOUNT_TERMINATED'] as const;
export const TDB_ACCOUNT_TYPES = ['ACCOUNT_TYPE_BUSINESS', 'ACCOUNT_TYPE_PRIVATE'] as const;
export const TDB_DECISION_GROUNDS = ['DECISION_GROUND_ILLEGAL_CONTENT', 'DECISION_GROUND_INCOMPATIBLE_CONTENT'] as const;
export const TDB_CONTENT_TYPES = [
  'CONTENT_TYPE_APP', 'CONTENT_TYPE_AUDIO', 'CONTENT_TYPE_IMAGE', 'CONTENT_TYPE_PRODUCT', 'CONTENT_TYPE_SYNTHETIC_MEDIA',
  'CONTENT_TYPE_TEXT', 'CONTENT_TYPE_VIDEO', 'CONTENT_TYPE_OTHER',
] as const;
export const TDB_CATEGORIES = [
  'STATEMENT_CATEGORY_ANIMAL_WELFARE', 'STATEMENT_CATEGORY_CONSUMER_INFORMATION', 'STATEMENT_CATEGORY_CYBER_VIOLENCE',
  'STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN', 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
  'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS',
  'STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS', 'STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE',
  'STATEMENT_CATEGORY_OTHER_VIOLATION_TC', 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS', 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY',
  'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', 'STATEMENT_CATEGORY_SELF_HARM', 'STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS',
  'STATEMENT_CATEGORY_VIOLENCE',
] as const;
/** The keywords (category_specification) this service can have reasons for; the database lists 60 more. */
export const TDB_KEYWORDS_USED = ['KEYWORD_LANGUAGE_REQUIREMENTS', 'KEYWORD_HIDDEN_ADVERTISEMENT', 'KEYWORD_INCITEMENT_VIOLENCE_HATRED', 'KEYWORD_OTHER'] as const;
export const TDB_SOURCE_TYPES = ['SOURCE_ARTICLE_16', 'SOURCE_TRUSTED_FLAGGER', 'SOURCE_TYPE_OTHER_NOTIFICATION', 'SOURCE_VOLUNTARY'] as const;
export const TDB_AUTOMATED_DECISIONS = ['AUTOMATED_DECISION_FULLY', 'AUTOMATED_DECISION_PARTIALLY', 'AUTOMATED_DECISION_NOT_AUTOMATED'] as const;
export const TDB_COUNTRIES = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IS', 'IT', 'LI', 'LT', 'LU',
  'LV', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
] as const;
const YES_NO = ['Yes', 'No'] as const;

/** YYYY-MM-DD between two bounds (the API's date_format:Y-m-d, after_or_equal, before_or_equal). */
const day = (from: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'YYYY-MM-DD' })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { message: 'not a calendar date' })
  .refine((s) => s >= from && s <= '2038-01-01', { message: `between ${from} and 2038-01-01` });

/** One statement as `POST /api/v2/statement` accepts it (conditional rules in superRefine). */
export const TransparencyStatement = z.object({
  decision_visibility: z.array(z.enum(TDB_DECISION_VISIBILITIES)).min(1).nullable().optional(),
  decision_visibility_other: z.string().max(500).optional(),
  decision_monetary: z.enum(TDB_DECISION_MONETARIES).nullable().optional(),
  decision_monetary_other: z.string().max(500).optional(),
  decision_provision: z.enum(TDB_DECISION_PROVISIONS).nullable().optional(),
  decision_account: z.enum(TDB_DECISION_ACCOUNTS).nullable().optional(),
  account_type: z.enum(TDB_ACCOUNT_TYPES).nullable().optional(),
  category_specification: z.array(z.string().regex(/^KEYWORD_[A-Z_]+$/)).nullable().optional(),
  category_specification_other: z.string().max(500).optional(),
  decision_ground: z.enum(TDB_DECISION_GROUNDS),
  decision_ground_reference_url: z.string().url().max(500).nullable().optional(),
  illegal_content_legal_ground: z.string().max(500).optional(),
  illegal_content_explanation: z.string().max(2000).optional(),
  incompatible_content_ground: z.string().max(500).optional(),
  incompatible_content_explanation: z.string().max(2000).optional(),
  incompatible_content_illegal: z.enum(YES_NO).optional(),
  content_type: z.array(z.enum(TDB_CONTENT_TYPES)).min(1),
  content_type_other: z.string().max(500).optional(),
  category: z.enum(TDB_CATEGORIES),
  category_addition: z.array(z.enum(TDB_CATEGORIES)).optional(),
  territorial_scope: z.array(z.enum(TDB_COUNTRIES)).nullable().optional(),
  /** ISO 639-1, upper case (the database accepts every ISO 639-1 code) */
  content_language: z.string().regex(/^[A-Z]{2}$/).nullable().optional(),
  content_date: day('2000-01-01'),
  application_date: day('2020-01-01'),
  end_date_account_restriction: day('0000-00-00').nullable().optional(),
  end_date_monetary_restriction: day('0000-00-00').nullable().optional(),
  end_date_service_restriction: day('0000-00-00').nullable().optional(),
  end_date_visibility_restriction: day('0000-00-00').nullable().optional(),
  decision_facts: z.string().min(1).max(5000),
  source_type: z.enum(TDB_SOURCE_TYPES),
  source_identity: z.string().max(500).optional(),
  automated_detection: z.enum(YES_NO),
  automated_decision: z.enum(TDB_AUTOMATED_DECISIONS),
  puid: z.string().min(1).max(500).regex(/^[a-zA-Z0-9_-]+$/),
}).strict().superRefine((s, ctx) => {
  const need = (ok: boolean, path: string, message: string) => { if (!ok) ctx.addIssue({ code: 'custom', path: [path], message }); };
  const restrictions = [s.decision_visibility, s.decision_monetary, s.decision_provision, s.decision_account].filter((v) => v != null);
  need(restrictions.length > 0, 'decision_visibility', 'required when none of decision_monetary / decision_provision / decision_account are present');
  need(!s.decision_visibility?.includes('DECISION_VISIBILITY_OTHER') || !!s.decision_visibility_other, 'decision_visibility_other', 'required when decision_visibility is other');
  need(s.decision_monetary !== 'DECISION_MONETARY_OTHER' || !!s.decision_monetary_other, 'decision_monetary_other', 'required when decision_monetary is other');
  need(!s.content_type.includes('CONTENT_TYPE_OTHER') || !!s.content_type_other, 'content_type_other', 'required when content_type is other');
  if (s.decision_ground === 'DECISION_GROUND_ILLEGAL_CONTENT') {
    need(!!s.illegal_content_legal_ground, 'illegal_content_legal_ground', 'required when decision_ground is illegal content');
    need(!!s.illegal_content_explanation, 'illegal_content_explanation', 'required when decision_ground is illegal content');
  } else {
    need(!!s.incompatible_content_ground, 'incompatible_content_ground', 'required when decision_ground is incompatible content');
    need(!!s.incompatible_content_explanation, 'incompatible_content_explanation', 'required when decision_ground is incompatible content');
  }
}).openapi('TransparencyStatement');
export type TransparencyStatement = z.infer<typeof TransparencyStatement>;

/** `POST /api/v2/statements` takes at most 100 statements per call. */
export const TDB_BATCH = 100;
export const TransparencyExport = z.object({
  statements: z.array(TransparencyStatement),
}).openapi('TransparencyExport');

/** The database's category for each refusal reason: the consultation's rules are terms and conditions. */
const CATEGORY: Record<ReasonCode, typeof TDB_CATEGORIES[number]> = {
  too_short: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC', too_long: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC',
  missing_prefix: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC', wrong_language: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC',
  incomprehensible: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC', off_topic: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC',
  duplicate: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC', other: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC',
  toxic: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', personal_data: 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
  advertising: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
};
const KEYWORD: Partial<Record<ReasonCode, typeof TDB_KEYWORDS_USED[number]>> = {
  wrong_language: 'KEYWORD_LANGUAGE_REQUIREMENTS', advertising: 'KEYWORD_HIDDEN_ADVERTISEMENT',
};
const AUTOMATED: Record<StatementOfReasons['automatedDecision'], typeof TDB_AUTOMATED_DECISIONS[number]> = {
  fully: 'AUTOMATED_DECISION_FULLY', partially: 'AUTOMATED_DECISION_PARTIALLY', not: 'AUTOMATED_DECISION_NOT_AUTOMATED',
};

/** A platform-unique id the database accepts ([A-Za-z0-9_-]): base64url of the proposal id and decision time,
 * so two decisions of one proposal (refused, reinstated, refused again) are two statements. */
export function transparencyPuid(proposalId: string, decidedAt: string): string {
  return Buffer.from(`${proposalId}@${Date.parse(decidedAt)}`).toString('base64url');
}

export interface ExportedProposal { id: string; createdAt: string; statement: StatementOfReasons }

export function toTransparencyStatement(p: ExportedProposal, consultation: { language: string; unsupportedLanguage?: string | undefined; territorialScope?: readonly string[] }): TransparencyStatement {
  const s = p.statement;
  const reason = s.reason ?? 'other';
  const keyword = KEYWORD[reason];
  return {
    decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
    decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
    // the English rule: the database is read across the Union, and the author's own statement is in their language
    incompatible_content_ground: `Consultation rules: ${reason}`,
    incompatible_content_explanation: s.rule.slice(0, 2000),
    content_type: ['CONTENT_TYPE_TEXT'],
    category: CATEGORY[reason],
    ...(keyword ? { category_specification: [keyword] } : {}),
    ...(consultation.territorialScope?.length ? { territorial_scope: [...consultation.territorialScope] as never } : {}),
    content_language: writtenLanguage(consultation).toUpperCase(),
    content_date: p.createdAt.slice(0, 10),
    application_date: s.decidedAt.slice(0, 10),
    decision_facts: factsOf(s),
    source_type: s.source === 'participant_reports' ? 'SOURCE_ARTICLE_16' : 'SOURCE_VOLUNTARY',
    automated_detection: s.automatedDetection ? 'Yes' : 'No',
    automated_decision: AUTOMATED[s.automatedDecision],
    puid: transparencyPuid(p.id, s.decidedAt),
  };
}

/** The facts, in English and without anything of the proposal itself (no personal data may be submitted). */
function factsOf(s: StatementOfReasons): string {
  const detection = s.automatedDetection ? `detected by automated means${s.detectedBy ? ` (check ${s.detectedBy})` : ''}` : 'not detected by automated means';
  const how = { fully: 'refused without human intervention', partially: 'refused by a moderator following an automated suggestion', not: 'refused by a moderator' }[s.automatedDecision];
  const origin = s.source === 'participant_reports' ? 'reported by participants after publication, ' : '';
  return `A proposal submitted to a public consultation was ${origin}${detection}, and ${how} for not meeting the consultation's rule on ${s.reason ?? 'moderation'}.`;
}
