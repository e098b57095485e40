/**
 * Decisions going back to the platform: the pull feed (a page of the consultation's decisions stream) and
 * the webhook endpoint configuration, events and delivery records. Shapes defined once, as in schemas.ts.
 */
import { z } from './zod.js';
import { ReasonCode } from './schemas.js';
import { StatementOfReasons } from './statement-of-reasons.js';
import { WebhookSecret } from './webhook-secrets.js';

/** A stream entry id: the cursor of the feed (ms timestamp and sequence, increasing). */
export const StreamCursor = z.string().regex(/^[0-9]{1,15}-[0-9]{1,10}$/, { message: 'a cursor as returned in nextCursor or an item id' });

/** "undone": a moderator cancelled the decision of the proposal; its next decision follows in the feed.
 * "withdrawn": participants' reports sent the accepted proposal back to review (hide it until decided again).
 * "erased": the proposal and its text were erased (no external id any more). */
export const FEED_OUTCOMES = ['accept', 'reject', 'undone', 'withdrawn', 'erased'] as const;
/** Outcomes that leave the proposal without a decision. */
export const CANCELLING_OUTCOMES: readonly FeedOutcome[] = ['undone', 'withdrawn', 'erased'];
export const APPEAL_OUTCOMES = ['upheld', 'overturned'] as const;
export const FeedOutcome = z.enum(FEED_OUTCOMES).openapi('FeedOutcome');
export type FeedOutcome = z.infer<typeof FeedOutcome>;

export const DecisionFeedItem = z.object({
  id: StreamCursor.openapi({ description: 'the entry id; pass the last one seen as `after`' }),
  proposalId: z.string(),
  externalId: z.string(),
  outcome: FeedOutcome,
  reason: ReasonCode.nullable(),
  decidedBy: z.string().openapi({ description: '"system" for automatic decisions, else the moderator id; "reports" for a withdrawal, the requester for an erasure' }),
  decidedAt: z.string(),
  appeal: z.enum(APPEAL_OUTCOMES).optional().openapi({ description: 'the entry answers the author\'s appeal: upheld (the refusal stands) or overturned (now accepted)' }),
}).openapi('DecisionFeedItem');
export type DecisionFeedItem = z.infer<typeof DecisionFeedItem>;

export const DecisionFeedPage = z.object({
  items: z.array(DecisionFeedItem),
  nextCursor: StreamCursor.nullable().openapi({ description: 'pass as `after` next time (also when items is empty); null only when the feed is empty and no cursor was given' }),
  hasMore: z.boolean().openapi({ description: 'more entries follow right away' }),
}).openapi('DecisionFeedPage');

export const DecisionFeedQuery = z.object({
  after: StreamCursor.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** Only http(s) URLs without credentials: the secret signs the requests, a password in the URL would leak in
 * logs. Control characters and spaces are refused before parsing: the URL parser would silently drop a tab or
 * a line feed, so the URL stored would not be the one sent. Where it may point is the address policy's call
 * (lib/address-policy.ts), applied by the route with the operator's allow-list. */
export const WebhookUrl = z.string().max(2000)
  .refine((s) => !/[\u0000-\u0020\u007f-\u009f]/.test(s), { message: 'control characters and spaces are not allowed in a URL' })
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '' && !u.username && !u.password;
    } catch {
      return false;
    }
  }, { message: 'an absolute https:// (or, to allowed private ranges, http://) URL without user name or password' });

export const WebhookInput = z.object({
  url: WebhookUrl,
  enabled: z.boolean().default(true).openapi({ description: 'true also re-enables an endpoint disabled after failures' }),
  secrets: z.array(WebhookSecret).min(1).max(2).optional()
    .openapi({ description: 'signing secrets, newest first; absent: a new endpoint gets a generated one, an existing one keeps its own' }),
}).strict().openapi('WebhookInput');
export type WebhookInput = z.infer<typeof WebhookInput>;

export const WebhookSecretInfo = z.object({
  id: z.string(),
  createdAt: z.string(),
  hint: z.string().openapi({ description: 'the last 4 characters' }),
}).openapi('WebhookSecretInfo');

export const Webhook = z.object({
  consultationId: z.string(),
  url: z.string(),
  enabled: z.boolean(),
  secrets: z.array(WebhookSecretInfo),
  consecutiveFailures: z.number().int(),
  disabledAt: z.string().nullable(),
  disabledReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).openapi('Webhook');
export type Webhook = z.infer<typeof Webhook>;

export const WebhookWithSecret = Webhook.extend({
  secret: z.string().optional().openapi({ description: 'the secret just generated: shown once' }),
}).openapi('WebhookWithSecret');

export const WEBHOOK_EVENT_TYPES = ['decision.recorded', 'decision.undone', 'decision.changed', 'appeal.decided', 'proposal.erased'] as const;
export const WebhookEvent = z.object({
  id: z.string().openapi({ description: 'stable across retries and replays: deduplicate on it' }),
  type: z.enum(WEBHOOK_EVENT_TYPES),
  consultationId: z.string(),
  data: DecisionFeedItem,
  statement: StatementOfReasons.optional().openapi({ description: 'with a refusal: the statement of reasons owed to the author' }),
}).openapi('WebhookEvent');
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** Why an attempt failed, as a class: never the socket's error text, which would tell a refused port from a
 * closed one (a port scanner). `refused_address`: the address policy refused where the URL leads. */
export const WEBHOOK_FAILURES = ['timeout', 'refused_address', 'connection_failed', 'http_3xx', 'http_4xx', 'http_5xx'] as const;
export const WebhookFailure = z.enum(WEBHOOK_FAILURES).openapi('WebhookFailure');
export type WebhookFailure = z.infer<typeof WebhookFailure>;

export const WebhookDelivery = z.object({
  eventId: z.string(),
  attempt: z.number().int(),
  at: z.string(),
  ok: z.boolean(),
  status: z.number().int().nullable().openapi({ description: 'HTTP status, null when no answer' }),
  durationMs: z.number().int(),
  failure: WebhookFailure.optional().openapi({ description: 'present when ok is false' }),
}).openapi('WebhookDelivery');
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const DeadWebhook = z.object({
  eventId: z.string(),
  failedReason: z.string(),
  attemptsMade: z.number().int(),
}).openapi('DeadWebhook');
export type DeadWebhook = z.infer<typeof DeadWebhook>;
