/**
 * The domain vocabulary, defined once: API handlers validate with these schemas, workers and the UI
 * import their types, and the OpenAPI document is generated from them (services/routes/system.ts). Shapes only
 * the HTTP API knows (queries, the problem body, session and key inputs) live in services/http/shapes.ts.
 */
import { z } from './zod.js';
import { hasBidiControls } from './text/confusables.js';
import { hasForbiddenCharacters } from './text/normalize.js';
import { DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES } from './text/languages/registry.js';

export const REASON_CODES = [
  'too_short', 'too_long', 'missing_prefix', 'wrong_language', 'incomprehensible',
  'off_topic', 'duplicate', 'toxic', 'personal_data', 'advertising', 'other',
] as const;
export const ReasonCode = z.enum(REASON_CODES).openapi('ReasonCode');
export type ReasonCode = z.infer<typeof ReasonCode>;

export const PROPOSAL_STATUSES = ['queued', 'processing', 'pending_review', 'accepted', 'rejected'] as const;
export const ProposalStatus = z.enum(PROPOSAL_STATUSES).openapi('ProposalStatus');
export type ProposalStatus = z.infer<typeof ProposalStatus>;
export const FINAL_STATUSES: readonly ProposalStatus[] = ['accepted', 'rejected'];

export const Outcome = z.enum(['accept', 'reject']).openapi('Outcome');
export type Outcome = z.infer<typeof Outcome>;

export const ROLES = ['admin', 'platform', 'moderator', 'ops'] as const;
export const Role = z.enum(ROLES).openapi('Role');
export type Role = z.infer<typeof Role>;

/** Text a user typed: well-formed Unicode, no control characters (tab and newlines allowed), no bidi override or
 * isolate — they make a text display in another order than the one the checks read (docs/ARCHITECTURE.md,
 * "Text normalisation"), and a moderator must see what the checks read. */
export const userText = (max: number) =>
  z.string().max(max).refine((s) => !hasForbiddenCharacters(s), {
    message: 'contains control characters, lone surrogates or Unicode non-characters',
  }).refine((s) => !hasBidiControls(s), {
    message: 'contains bidirectional embedding, override or isolate characters (U+202A–U+202E, U+2066–U+2069), which change the order in which the text is displayed',
  });

export const ConsultationId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, {
  message: 'letters, digits, ".", "_" or "-", at most 100, starting with a letter or digit',
}).openapi({ example: 'urssaf-2026' });
/** Proposal ids are `<consultationId>~<sequence>`: the consultation is part of the id so that every key of a
 * consultation shares one Redis Cluster slot and a proposal is found without a global index. */
export const ProposalId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}~[0-9]{1,15}$/, {
  message: 'a proposal id as returned by the intake API',
}).openapi({ example: 'urssaf-2026~42' });

export const ConsultationRules = z.object({
  minLength: z.number().int().min(0).max(10_000).default(12),
  maxLength: z.number().int().min(1).max(10_000).default(140),
  requiredPrefix: userText(100).min(1).optional(),
}).refine((r) => r.minLength <= r.maxLength, { message: 'minLength must not exceed maxLength', path: ['minLength'] })
  .openapi('ConsultationRules');
export type ConsultationRules = z.infer<typeof ConsultationRules>;

/** Per-check settings of a consultation: a check can be switched off, kept in shadow (it reports but changes
 * no decision), or be barred from deciding alone (its findings then always go to a moderator). */
export const CheckSettings = z.object({
  enabled: z.boolean().default(true),
  shadow: z.boolean().default(false),
  autoDecide: z.boolean().default(true),
}).openapi('CheckSettings');
export type CheckSettings = z.infer<typeof CheckSettings>;

/** What the consultation asks of its off-topic model (models/offtopic/calibration.ts, docs/off-topic.md): reject
 * automatically only from the score where rejecting had this precision on its own decisions; send to review from
 * the score under which at most 1 − reviewRecall of its expected off-topic proposals lie, but never more than
 * reviewBudget of its recent proposals. The defaults are the measured ones (docs/QUALITY.md). */
export const OFF_TOPIC_TARGETS: Readonly<Record<'autoRejectPrecision' | 'reviewRecall' | 'reviewBudget', number>> = { autoRejectPrecision: 0.99, reviewRecall: 0.995, reviewBudget: 0.35 };
export const OffTopicTargets = z.object({
  autoRejectPrecision: z.number().min(0.9).max(1).default(OFF_TOPIC_TARGETS.autoRejectPrecision),
  reviewRecall: z.number().min(0.5).max(1).default(OFF_TOPIC_TARGETS.reviewRecall),
  reviewBudget: z.number().min(0).max(1).default(OFF_TOPIC_TARGETS.reviewBudget),
}).strict().openapi('OffTopicTargets');
export type OffTopicTargets = z.infer<typeof OffTopicTargets>;

export const POLICY_MODES = ['auto', 'review_rejections', 'review_all'] as const;
export const Policy = z.object({
  /** auto: rules and confident checks decide alone; review_rejections: only acceptances are automatic;
   * review_all: every proposal waits for a moderator (Make.org's practice), with the suggestion shown. */
  mode: z.enum(POLICY_MODES).default('auto'),
  /** Accept without a human only when the suggestion's confidence reaches this. */
  autoAcceptConfidence: z.number().min(0.5).max(1).default(0.9),
  checks: z.record(z.string().max(40), CheckSettings).default({}),
  offTopic: OffTopicTargets.default(OFF_TOPIC_TARGETS),
}).openapi('Policy');
export type Policy = z.infer<typeof Policy>;

const Language = z.enum(SUPPORTED_LANGUAGES, { message: `one of the supported languages: ${SUPPORTED_LANGUAGES.join(', ')}` });
const LANGUAGE_DESCRIPTION = 'ISO 639-1 code of the proposals\' language; the checks have resources for these';

export const ConsultationInput = z.object({
  question: userText(500).min(3),
  description: userText(5000).optional(),
  // absent stays absent here: PUT answers 422 when the question clearly reads as another language than the default
  language: Language.optional().openapi({ description: `${LANGUAGE_DESCRIPTION}. Absent: ${DEFAULT_LANGUAGE} (French), `
    + 'unless the question and description clearly read as another supported language (their stop words): then 422 '
    + 'naming `language`, which must be given explicitly' }),
  keywords: z.array(userText(60).min(1)).max(100).optional(),
  rules: ConsultationRules.default({ minLength: 12, maxLength: 140 }),
  policy: Policy.default({ mode: 'auto', autoAcceptConfidence: 0.9, checks: {}, offTopic: OFF_TOPIC_TARGETS }),
  reportThreshold: z.number().int().min(1).max(1000).default(3)
    .openapi({ description: 'distinct participants whose reports send an accepted proposal back to review (severe reasons: the first)' }),
  retentionDays: z.number().int().min(0).max(3650).optional()
    .openapi({ description: 'texts are erased this many days after the consultation is closed; absent = kept' }),
}).strict().openapi('ConsultationInput');
export type ConsultationInput = z.infer<typeof ConsultationInput>;

export const Consultation = ConsultationInput.extend({
  language: Language.default(DEFAULT_LANGUAGE).openapi({ description: LANGUAGE_DESCRIPTION }),
  id: ConsultationId,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().optional().openapi({ description: 'closed to new proposals since' }),
  purgedAt: z.string().optional().openapi({ description: 'texts erased at the end of the retention period' }),
  unsupportedLanguage: z.string().max(100).optional().openapi({ description: 'the language this consultation was stored with, which the service no longer supports (stored before the supported list, or a language withdrawn since); `language` is then only the default. The consultation and its proposals stay readable and decidable; new proposals are refused with 422 naming `language`, and proposals still queued go to a moderator without automatic checks, until a PUT sets a supported language' }),
}).openapi('Consultation');
export type Consultation = z.infer<typeof Consultation>;

/** The language the consultation's proposals are written in: its supported language, or the one it was stored
 * with when the service no longer supports it (statements of reasons and exports name that one). */
export const writtenLanguage = (c: { language: string; unsupportedLanguage?: string | undefined }): string => c.unsupportedLanguage ?? c.language;

export const MAX_TEXT_CHARS = 5000;
export const ProposalInput = z.object({
  externalId: z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, { message: 'printable ASCII without spaces' }),
  text: userText(MAX_TEXT_CHARS).min(1),
  authorId: z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, { message: 'printable ASCII without spaces' }).optional(),
}).strict().openapi('ProposalInput');
export type ProposalInput = z.infer<typeof ProposalInput>;

export const MAX_BATCH = 1000;
export const ProposalBatchInput = z.object({
  proposals: z.array(ProposalInput).min(1).max(MAX_BATCH),
}).strict().openapi('ProposalBatchInput');

export const Reason = z.object({
  code: ReasonCode,
  score: z.number().min(0).max(1),
  detail: z.string().openapi({ description: 'what the check found, in one line, in the consultation\'s language' }),
  check: z.string().optional().openapi({ description: 'the check that reported it' }),
  shadow: z.boolean().optional().openapi({ description: 'reported by a check in shadow mode: no effect on the decision' }),
  language: z.string().optional().openapi({ description: 'wrong_language, when both its models call the text foreign and one is sure of its language (never on fewer than 3 words), or the text is in another script whose language the guess of the language identifier or the script itself tells (hangul: Korean; Cyrillic alone tells none): the language it is written in (a BCP 47 code, as the language identifier names it)', example: 'fr' }),
}).openapi('Reason');
export type Reason = z.infer<typeof Reason>;

export const Suggestion = z.object({
  outcome: Outcome,
  confidence: z.number().min(0).max(1),
  reasons: z.array(Reason),
  mainReason: ReasonCode.optional().openapi({ description: 'the reason a refusal of this proposal would name (the most telling strong finding: an insult before the missing prefix that comes with it); automatic refusals file it and the moderator page pre-selects it' }),
  modelVersions: z.record(z.string(), z.string()).optional(),
  calibration: z.object({
    rawAcceptProbability: z.number().min(0).max(1).openapi({ description: 'P(accept) of the checks combined, before recalibration' }),
    group: z.string().openapi({ description: 'the main reason whose map was used ("none": no check scored 0.1)' }),
    version: z.string().openapi({ description: 'the consultation\'s calibration map (also in modelVersions.calibration)' }),
  }).optional().openapi({ description: 'present when the proposal went to review: its confidence (and outcome) are the raw P(accept) recalibrated on the consultation\'s moderator decisions; automatic decisions keep the raw confidence' }),
}).openapi('Suggestion');
export type Suggestion = z.infer<typeof Suggestion>;

export const Decision = z.object({
  outcome: Outcome,
  reason: ReasonCode.nullable(),
  decidedBy: z.string().openapi({ description: '"system" for automatic decisions, else the moderator id' }),
  decidedAt: z.string(),
  note: z.string().optional(),
}).openapi('Decision');
export type Decision = z.infer<typeof Decision>;

export const Similar = z.object({
  id: z.string(),
  externalId: z.string(),
  text: z.string(),
  similarity: z.number().min(0).max(1),
  status: ProposalStatus.optional(),
}).openapi('Similar');
export type Similar = z.infer<typeof Similar>;

export const Proposal = z.object({
  id: ProposalId,
  externalId: z.string(),
  consultationId: ConsultationId,
  text: z.string(),
  authorId: z.string().optional(),
  status: ProposalStatus,
  version: z.number().int().openapi({ description: 'increases at every change; send it back as expectedVersion' }),
  createdAt: z.string(),
  suggestion: Suggestion.nullable(),
  decision: Decision.nullable(),
  similar: z.array(Similar),
  reports: z.number().int().optional().openapi({ description: 'distinct participants who reported it' }),
  withdrawnAt: z.string().optional().openapi({ description: 'when reports sent it back to review' }),
}).openapi('Proposal');
export type Proposal = z.infer<typeof Proposal>;

export const IntakeItem = z.object({ externalId: z.string(), id: ProposalId, status: ProposalStatus }).openapi('IntakeItem');
export type IntakeItem = z.infer<typeof IntakeItem>;
export const IntakeBatchResult = z.object({ items: z.array(IntakeItem) }).openapi('IntakeBatchResult');

export const ProposalPage = z.object({
  items: z.array(Proposal),
  nextCursor: z.string().nullable(),
}).openapi('ProposalPage');

export const DecisionInput = z.object({
  outcome: Outcome,
  reason: ReasonCode.nullable().optional(),
  note: userText(2000).optional(),
  expectedVersion: z.number().int().min(0).optional()
    .openapi({ description: 'the version the moderator read; a different current version answers 409' }),
}).strict().refine((d) => d.outcome === 'accept' || d.reason != null, {
  message: 'a rejection needs a reason', path: ['reason'],
}).openapi('DecisionInput');
export type DecisionInput = z.infer<typeof DecisionInput>;

export const ApiKey = z.object({
  id: z.string(),
  name: z.string(),
  role: Role,
  consultations: z.array(ConsultationId).nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
}).openapi('ApiKey');
export type ApiKey = z.infer<typeof ApiKey>;

export const LatencyPercentiles = z.object({
  count: z.number().int(), p50: z.number().nullable(), p90: z.number().nullable(), p99: z.number().nullable(),
});
export const TimelineBucket = z.object({
  start: z.string().openapi({ description: 'start of the hour (ISO 8601, UTC)' }),
  decided: z.number().int(),
  rejected: z.number().int(),
  automatic: z.number().int(),
  byReason: z.record(ReasonCode, z.number().int()).openapi({ description: 'rejections by reason' }),
}).openapi('TimelineBucket');
export type TimelineBucket = z.infer<typeof TimelineBucket>;

/** How a check's findings compare with what moderators decided (a finding = a reason scored >= 0.5). */
export const CheckAgreement = z.object({
  truePositive: z.number().int().openapi({ description: 'flagged, and the moderator rejected' }),
  falsePositive: z.number().int().openapi({ description: 'flagged, and the moderator accepted' }),
  falseNegative: z.number().int().openapi({ description: 'not flagged, and the moderator rejected for a reason this check reports' }),
  trueNegative: z.number().int().openapi({ description: 'not flagged, and the moderator accepted' }),
}).openapi('CheckAgreement');
export type CheckAgreement = z.infer<typeof CheckAgreement>;

export const WindowStats = z.object({
  duration: z.string().openapi({ example: '24h' }),
  from: z.string(),
  to: z.string(),
  decided: z.number().int().openapi({ description: 'proposals whose current decision was taken in the window' }),
  rejected: z.number().int(),
  rejectionRate: z.number().nullable(),
  byReason: z.record(ReasonCode, z.number().int()),
  rejectionRateByReason: z.record(ReasonCode, z.number()).openapi({ description: 'share of the decided proposals rejected for each reason' }),
  decisions: z.object({ automatic: z.number().int(), human: z.number().int() }),
  undone: z.number().int().openapi({ description: 'decisions undone in the window' }),
  timeToDecisionMs: z.object({ automatic: LatencyPercentiles, human: LatencyPercentiles }),
  moderators: z.array(z.object({
    id: z.string(), decisions: z.number().int(), perHour: z.number(),
    rejected: z.number().int().openapi({ description: 'of their decisions, refusals' }),
    agreementRate: z.number().nullable().openapi({ description: 'share of their decisions that followed the machine\'s suggestion (null: none had one)' }),
  })).openapi({ description: 'per moderator (by key id; GET /v1/people names them), most decisions first' }),
  agreement: z.object({
    humanDecisions: z.number().int().openapi({ description: 'human decisions of proposals that had a machine suggestion' }),
    agreed: z.number().int(),
    disagreed: z.number().int(),
    rate: z.number().nullable(),
    byCheck: z.record(z.string(), CheckAgreement),
  }),
  truncated: z.boolean().openapi({ description: 'the window held more decisions than one request reads; figures cover the most recent ones' }),
}).openapi('WindowStats');
export type WindowStats = z.infer<typeof WindowStats>;

export const ALERT_STATUSES = ['ok', 'low', 'high', 'insufficient_data'] as const;
export const AlertStatus = z.enum(ALERT_STATUSES).openapi('AlertStatus');
export type AlertStatus = z.infer<typeof AlertStatus>;
const QueueAgeAlert = z.object({ status: AlertStatus, ageMs: z.number().nullable(), maxMs: z.number() });
export const Alerts = z.object({
  firing: z.array(z.enum(['rejection_rate', 'triage_queue_age', 'review_queue_age'])),
  rejectionRate: z.object({
    status: AlertStatus,
    current: z.number().nullable().openapi({ description: 'rejection rate of the last hour' }),
    decisions: z.number().int().openapi({ description: 'decisions of the last hour' }),
    baseline: z.number().nullable().openapi({ description: 'rejection rate of the window before the last hour' }),
    low: z.number(),
    high: z.number(),
  }),
  triageQueueAge: QueueAgeAlert,
  reviewQueueAge: QueueAgeAlert,
}).openapi('Alerts');
export type Alerts = z.infer<typeof Alerts>;

export const ConsultationStats = z.object({
  consultationId: ConsultationId,
  byStatus: z.record(ProposalStatus, z.number().int()),
  byReason: z.record(ReasonCode, z.number().int()),
  total: z.number().int(),
  decided: z.number().int(),
  rejectionRate: z.number().nullable(),
  decisions: z.object({ automatic: z.number().int(), human: z.number().int() }),
  queueDepth: z.object({ triage: z.number().int(), review: z.number().int() }),
  decisionLatencyMs: z.object({ automatic: LatencyPercentiles, human: LatencyPercentiles }),
  queueAgeMs: z.object({ triage: z.number().nullable(), review: z.number().nullable() })
    .openapi({ description: 'age of the oldest proposal waiting for triage / for a moderator' }),
  window: WindowStats,
  timeline: z.array(TimelineBucket).openapi({ description: 'hourly buckets of the window, oldest first' }),
  alerts: Alerts,
}).openapi('ConsultationStats');
export type ConsultationStats = z.infer<typeof ConsultationStats>;

// ---- Moderator workspace (review queue, leases, bulk decisions, undo, audit log, browser sessions) ----

/** The main reason of a suggestion ('none' when the machine found nothing to refuse). */
export const QueueReason = z.union([ReasonCode, z.literal('none')]).openapi('QueueReason');
export type QueueReason = z.infer<typeof QueueReason>;

export const REVIEW_SORTS = ['oldest', 'newest', 'reject', 'accept'] as const;
export const MAX_TAG_CHARS = 40;
export const MAX_TAGS = 10;
/** Moderators' tags on a proposal in review ("à relire", "juriste"…), at most MAX_TAGS; stored normalised
 * (normalizeTags). */
export const Tags = z.array(userText(MAX_TAG_CHARS).regex(/\S/, { message: 'a tag needs a letter or a digit' })).max(MAX_TAGS);

/** Trimmed, NFC, one space between words, the same tag once whatever its case. */
export function normalizeTags(tags: readonly string[]): string[] {
  const clean = tags.map((t) => t.normalize('NFC').trim().split(/\s+/).join(' ')).filter((t) => t.length > 0);
  return clean.filter((tag, i) => clean.findIndex((o) => o.toLowerCase() === tag.toLowerCase()) === i);
}
export const ReviewFilters = z.object({
  reason: QueueReason.optional(),
  suggestion: Outcome.optional(),
  minConfidence: z.coerce.number().min(0).max(1).optional(),
  maxConfidence: z.coerce.number().min(0).max(1).optional(),
  minAgeS: z.coerce.number().int().min(0).optional().openapi({ description: 'only proposals received at least this many seconds ago' }),
  maxAgeS: z.coerce.number().int().min(0).optional().openapi({ description: 'only proposals received at most this many seconds ago' }),
  q: userText(100).optional().openapi({ description: 'only proposals whose text contains these words (without case or accents)' }),
  sort: z.enum(REVIEW_SORTS).optional().openapi({ description: 'oldest (default) or newest first, or the surest refusals / acceptances first' }),
  assignedTo: z.string().min(1).max(200).optional().openapi({ description: 'only proposals assigned to this moderator id; "none": only unassigned ones' }),
  tag: userText(MAX_TAG_CHARS).optional().openapi({ description: 'only proposals with this tag (without case)' }),
}).openapi('ReviewFilters');
export type ReviewFilters = z.infer<typeof ReviewFilters>;

export const Lease = z.object({
  by: z.string().openapi({ description: 'the moderator holding the proposal' }),
  expiresAt: z.string(),
}).openapi('Lease');
export type Lease = z.infer<typeof Lease>;

export const SimilarReviewed = Similar.extend({
  decision: Decision.nullable(),
  groupId: z.string().nullable().openapi({ description: 'the idea (group) the earlier proposal belongs to' }),
}).openapi('SimilarReviewed');
export const ReviewItem = Proposal.extend({
  lease: Lease.nullable(),
  assignedTo: z.string().nullable().openapi({ description: 'the moderator this proposal was assigned to: "next" offers it to no one else' }),
  tags: z.array(z.string()).openapi({ description: 'moderators\' tags' }),
  groupId: z.string().nullable().openapi({ description: 'the idea (group of proposals saying the same thing) it belongs to, if any' }),
  similar: z.array(SimilarReviewed).openapi({ description: 'earlier similar proposals with their current status and decision' }),
}).openapi('ReviewItem');
export type ReviewItem = z.infer<typeof ReviewItem>;

export const QueueCounts = z.object({
  total: z.number().int(),
  leased: z.number().int().openapi({ description: 'held by a moderator right now' }),
  byReason: z.record(z.string(), z.number().int()).openapi({ description: 'by main reason (Suggestion.mainReason, what the reason filter matches); "none" = nothing found. Counted with the other filters of the request applied' }),
  capped: z.boolean().openapi({ description: 'true when the queue is longer than what one count reads' }),
}).openapi('QueueCounts');
export type QueueCounts = z.infer<typeof QueueCounts>;

export const ReviewQueuePage = z.object({
  items: z.array(ReviewItem),
  counts: QueueCounts,
  nextCursor: z.string().nullable(),
}).openapi('ReviewQueuePage');

export const MAX_BULK = 500;
export const BulkDecisionInput = z.object({
  items: z.array(z.object({ id: ProposalId, expectedVersion: z.number().int().min(0).optional() }).strict()).min(1).max(MAX_BULK),
  outcome: Outcome,
  reason: ReasonCode.nullable().optional(),
  note: userText(2000).optional(),
}).strict().refine((d) => d.outcome === 'accept' || d.reason != null, {
  message: 'a rejection needs a reason', path: ['reason'],
}).openapi('BulkDecisionInput');
export type BulkDecisionInput = z.infer<typeof BulkDecisionInput>;

export const DECISION_RESULTS = ['decided', 'conflict', 'leased', 'missing'] as const;
export const BulkDecisionResult = z.object({
  decided: z.number().int(),
  results: z.array(z.object({ id: ProposalId, result: z.enum(DECISION_RESULTS), version: z.number().int().optional() })),
}).openapi('BulkDecisionResult');

/** Decisions, and the workspace's changes of a proposal in review: assigned (or unassigned), tags replaced. */
export const AUDIT_OUTCOMES = ['accept', 'reject', 'undone', 'withdrawn', 'erased', 'assigned', 'tagged'] as const;
export const AuditEntry = z.object({
  id: z.string().openapi({ description: 'position in the log; pass it as `after` to resume' }),
  proposalId: z.string(),
  externalId: z.string(),
  outcome: z.enum(AUDIT_OUTCOMES),
  reason: ReasonCode.nullable(),
  decidedBy: z.string(),
  automatic: z.boolean(),
  decidedAt: z.string(),
  note: z.string().nullable(),
  text: z.string().nullable().openapi({ description: 'the proposal\'s text (null if it no longer exists)' }),
  reopen: z.boolean().optional().openapi({ description: 'an "undone" entry written by re-opening the decision after the undo window (the note says why)' }),
  assignedTo: z.string().nullable().optional().openapi({ description: 'an "assigned" entry: the moderator the proposal was assigned to (null: to no one); decidedBy is who did it' }),
  tags: z.array(z.string()).optional().openapi({ description: 'a "tagged" entry: the proposal\'s tags after the change' }),
  suggestion: z.object({ outcome: Outcome, confidence: z.number(), reasons: z.array(ReasonCode) }).nullable()
    .openapi({ description: 'what the machine suggested for this proposal' }),
}).openapi('AuditEntry');
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() }).openapi('AuditPage');

/** Groups of proposals that say the same thing (Make.org's "ideas"), built by the similarity index. */
export const GroupId = z.string().regex(/^[0-9]{1,15}$/, { message: 'a group id as returned by the groups API' }).openapi({ example: '12' });
export const Group = z.object({
  id: GroupId,
  size: z.number().int(),
  proposals: z.array(ProposalId).optional().openapi({ description: 'member proposal ids in intake order (one group read)' }),
}).openapi('Group');
export type Group = z.infer<typeof Group>;
export const GroupPage = z.object({
  items: z.array(Group),
  total: z.number().int().openapi({ description: 'groups of two proposals or more (a lone proposal is its own idea)' }),
}).openapi('GroupPage');
