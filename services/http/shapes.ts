/**
 * The shapes only the HTTP API knows: query strings, request bodies that are not domain objects, the problem
 * body. Domain shapes (resources, reason codes, statuses) stay in models/schemas.ts, shared with the workers
 * and the UI; the OpenAPI document is generated from both (services/routes/system.ts).
 */
import {
  ApiKey, ConsultationId, GroupId, ProposalId, ProposalStatus, ReviewFilters, ReviewItem, Role, Tags, userText,
} from '../../models/schemas.js';
import { z } from '../../models/zod.js';

/** RFC 7807 problem details, with the request id and the fields at fault. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  requestId: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
}).openapi('Problem');
export type Problem = z.infer<typeof Problem>;

// ---- query strings ----
export const ProposalListQuery = z.object({
  status: ProposalStatus.optional(),
  cursor: z.string().regex(/^[0-9]{1,15}$/, { message: 'a cursor as returned in nextCursor' }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const ReviewQueueQuery = ReviewFilters.extend({
  cursor: z.string().regex(/^[0-9]{1,15}$/, { message: 'a cursor as returned in nextCursor' }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export const AuditQuery = z.object({
  after: z.string().regex(/^[0-9]{1,15}-[0-9]{1,10}(?:\.w)?$/, { message: 'an audit entry id' }).optional(),
  order: z.enum(['asc', 'desc']).default('asc'),
  decidedBy: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const GroupListQuery = z.object({
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

// ---- request and response bodies of the API only ----
export const ApiKeyInput = z.object({
  name: userText(100).min(1),
  role: z.enum(['platform', 'moderator', 'ops']),
  consultations: z.array(ConsultationId).max(1000).optional()
    .openapi({ description: 'restrict the key to these consultations; absent = all' }),
}).strict().openapi('ApiKeyInput');
export type ApiKeyInput = z.infer<typeof ApiKeyInput>;
export const ApiKeyCreated = ApiKey.extend({
  token: z.string().openapi({ description: 'shown once; only its hash is stored' }),
}).openapi('ApiKeyCreated');
export const MAX_EXCLUDED = 500;
export const NextInput = z.object({
  leaseSeconds: z.number().int().min(1).max(3600).optional(),
  exclude: z.array(ProposalId).max(MAX_EXCLUDED).optional().openapi({ description: 'proposals this moderator skipped' }),
  filters: ReviewFilters.optional(),
}).strict().openapi('NextInput');
// A union rather than .nullable(): zod-to-openapi 9 drops the null of a nullable reference to an extended schema.
export const NextResult = z.object({ item: z.union([ReviewItem, z.null()]) }).openapi('NextResult');
export const LeaseInput = z.object({ leaseSeconds: z.number().int().min(1).max(3600).optional() }).strict().openapi('LeaseInput');
export const SessionInput = z.object({ token: z.string().min(1).max(512) }).strict().openapi('SessionInput');
export const SessionInfo = z.object({
  principal: z.object({ id: z.string(), role: Role, name: z.string().nullable(), consultations: z.array(ConsultationId).nullable() }),
  csrfToken: z.string().nullable().openapi({ description: 'send it as X-CSRF-Token on every POST/PUT/DELETE made with the session cookie' }),
  expiresAt: z.string().nullable(),
}).openapi('SessionInfo');
export type SessionInfo = z.infer<typeof SessionInfo>;
export const GroupMergeInput = z.object({
  groups: z.array(GroupId).min(1).max(100).openapi({ description: 'groups whose members join this group' }),
}).strict().openapi('GroupMergeInput');
export const GroupSplitInput = z.object({
  proposals: z.array(ProposalId).min(1).max(1000).openapi({ description: 'proposals that leave their groups for a new one' }),
}).strict().openapi('GroupSplitInput');
export const GroupJoinInput = z.object({
  proposals: z.array(ProposalId).min(2).max(100).openapi({ description: 'proposals that say the same thing; the first one\'s group (if any) receives the others' }),
}).strict().openapi('GroupJoinInput');
export const ReopenInput = z.object({
  note: userText(2000).min(1).openapi({ description: 'why the decision is re-opened (kept in the audit log)' }),
}).strict().openapi('ReopenInput');
export const QueueChangesQuery = z.object({
  since: z.string().max(100).optional().openapi({ description: 'the token of the previous answer; absent: answer at once with the current token' }),
  waitS: z.coerce.number().int().min(0).max(25).default(20).openapi({ description: 'how long to wait for a change before answering changed: false' }),
});
export const QueueChanges = z.object({
  token: z.string().openapi({ description: 'pass it as since next time' }),
  changed: z.boolean().openapi({ description: 'the queue changed since the token given (new proposals, decisions, undo, assignment, tags)' }),
}).openapi('QueueChanges');
export const AssignInput = z.object({
  to: z.string().min(1).max(200).nullable().openapi({ description: 'the moderator key id to assign the proposal to; null: to no one' }),
}).strict().openapi('AssignInput');
export const TagsInput = z.object({ tags: Tags }).strict().openapi('TagsInput');
export const WorkspaceFields = z.object({
  assignedTo: z.string().nullable(),
  tags: z.array(z.string()),
}).openapi('WorkspaceFields');
