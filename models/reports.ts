/**
 * What happens after a decision, as domain shapes defined once: participants' reports on published proposals,
 * authors' appeals against refusals, and the erasure of proposals. Imported by the API, the stores and the page.
 */
import { z } from './zod.js';
import { ReasonCode, userText } from './schemas.js';

/** Why a participant reports a published proposal. The severe ones (a notice of illegal content in the sense of
 * DSA Art. 16, hate, someone's personal data) send the proposal back to a moderator at the first report; the
 * others once the consultation's threshold of distinct reporters is reached (as Decidim hides content). */
export const REPORT_REASONS = ['spam', 'offensive', 'hate', 'personal_data', 'illegal', 'off_topic', 'duplicate', 'other'] as const;
export const ReportReason = z.enum(REPORT_REASONS).openapi('ReportReason');
export type ReportReason = z.infer<typeof ReportReason>;
export const SEVERE_REPORT_REASONS: readonly ReportReason[] = ['hate', 'personal_data', 'illegal'];

/** The refusal reason a moderator would most likely use for a report reason (shown beside the reports). */
export const REPORT_REASON_CODES: Readonly<Record<ReportReason, ReasonCode>> = {
  spam: 'advertising', offensive: 'toxic', hate: 'toxic', personal_data: 'personal_data', illegal: 'other',
  off_topic: 'off_topic', duplicate: 'duplicate', other: 'other',
};

/** Ids given by the platform for its participants: printable ASCII, as authorId. */
export const ParticipantId = z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, { message: 'printable ASCII without spaces' });

export const ReportInput = z.object({
  reporterId: ParticipantId.openapi({ description: 'the participant who reports, as the platform knows them' }),
  reason: ReportReason,
  comment: userText(1000).optional(),
}).strict().openapi('ReportInput');
export type ReportInput = z.infer<typeof ReportInput>;

export const Report = z.object({
  reporterId: z.string(),
  reason: ReportReason,
  comment: z.string().nullable(),
  at: z.string(),
}).openapi('Report');
export type Report = z.infer<typeof Report>;

export const ReportResult = z.object({
  proposalId: z.string(),
  reports: z.number().int().openapi({ description: 'distinct reporters of this proposal so far' }),
  threshold: z.number().int(),
  withdrawn: z.boolean().openapi({ description: 'this report sent the accepted proposal back to review' }),
  status: z.string(),
}).openapi('ReportResult');

/** Per consultation: how many distinct reporters send an accepted proposal back to review. */
export const DEFAULT_REPORT_THRESHOLD = 3;

export const APPEAL_STATUSES = ['pending', 'upheld', 'overturned'] as const;
export const AppealStatus = z.enum(APPEAL_STATUSES).openapi('AppealStatus');
export type AppealStatus = z.infer<typeof AppealStatus>;

export const AppealInput = z.object({
  authorId: ParticipantId.optional().openapi({ description: 'must match the proposal\'s author when it has one' }),
  statement: userText(2000).min(1).openapi({ description: 'why the author contests the refusal' }),
}).strict().openapi('AppealInput');
export type AppealInput = z.infer<typeof AppealInput>;

export const Appeal = z.object({
  proposalId: z.string(),
  status: AppealStatus,
  statement: z.string(),
  at: z.string(),
  /** the refusal contested, as it was */
  refusal: z.object({ reason: ReasonCode.nullable(), decidedBy: z.string(), automatic: z.boolean(), check: z.string().nullable() }),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  note: z.string().nullable(),
}).openapi('Appeal');
export type Appeal = z.infer<typeof Appeal>;

export const AppealDecisionInput = z.object({
  outcome: z.enum(['uphold', 'overturn']).openapi({ description: 'uphold: the refusal stands; overturn: the proposal is accepted' }),
  note: userText(2000).optional(),
}).strict().openapi('AppealDecisionInput');
export type AppealDecisionInput = z.infer<typeof AppealDecisionInput>;

export const AppealPage = z.object({ items: z.array(Appeal), nextCursor: z.string().nullable() }).openapi('AppealPage');

/** Appeals and their outcomes per refusal reason and per check (an overturned automatic refusal is a false
 * positive of the check that named it). */
export const AppealCounts = z.object({
  refusals: z.number().int().nullable().openapi({ description: 'refusals for this reason, overturned ones included (not counted per check)' }),
  appealed: z.number().int(),
  overturned: z.number().int(),
  appealRate: z.number().nullable(),
  overturnRate: z.number().nullable().openapi({ description: 'overturned / decided appeals' }),
}).openapi('AppealCounts');
export type AppealCounts = z.infer<typeof AppealCounts>;
export const AppealStats = z.object({
  byReason: z.record(z.string(), AppealCounts),
  byCheck: z.record(z.string(), AppealCounts),
}).openapi('AppealStats');
export type AppealStats = z.infer<typeof AppealStats>;
