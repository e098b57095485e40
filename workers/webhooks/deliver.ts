/**
 * Webhook delivery: the dispatcher turns each new entry of a consultation's decisions stream into one
 * delivery job (job id = event id, so a re-read entry does not enqueue twice while its job exists); the
 * worker POSTs the signed event to the endpoint configured for the job's consultation at the time of the
 * attempt (never a URL carried by the job), through the address policy (post.ts). Failures retry with
 * exponential backoff; a job out of attempts lands in the dead-letter queue (workers/queues.ts), from which
 * the API replays it.
 */
import { DelayedError, UnrecoverableError, type Job, type JobsOptions, type JobType, type Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { DeadWebhook, WebhookDelivery, WebhookEvent } from '../../models/decision-feed.js';
import { toFeedItem, type DecisionRecord } from '../../models/store/decision-stream.js';
import type { WebhookEndpoint, WebhookStore } from '../../models/store/webhooks.js';
import type { StatementOfReasons } from '../../models/statement-of-reasons.js';
import type { Metrics } from '../../lib/metrics.js';
import type { DeadLetter, WebhookJob } from '../queues.js';
import type { WebhookClient } from './post.js';
import { HEADERS, signatureHeader, webhookId } from './signature.js';

export interface DeliveryDeps { store: WebhookStore; metrics: Metrics; client: WebhookClient }

/** disableAfter: consecutive failed attempts that disable an endpoint; perEndpoint: attempts at once per endpoint and process. */
export interface DeliveryOptions { disableAfter: number; perEndpoint: number }

export interface RetryOptions { attempts: number; backoffMs: number }

export const eventId = (cid: string, streamId: string) => `${cid}/${streamId}`;

/** What an entry means for the platform: the event type. */
function eventType(record: DecisionRecord): WebhookEvent['type'] {
  if (record.appeal) return 'appeal.decided';
  switch (record.outcome) {
    case 'undone': return 'decision.undone';
    case 'withdrawn': return 'decision.changed';
    case 'erased': return 'proposal.erased';
    default: return 'decision.recorded';
  }
}

/** What an event carries besides its stream entry: a refusal's statement of reasons; `erased` when the
 * proposal was erased after the entry was read (its external id is then left out). */
export interface EventExtras { statement?: StatementOfReasons; erased?: boolean }

export function toEvent(cid: string, record: DecisionRecord, extras: EventExtras = {}): WebhookEvent {
  const data = toFeedItem(record);
  return {
    id: eventId(cid, record.id),
    type: eventType(record),
    consultationId: cid,
    data: extras.erased ? { ...data, externalId: '' } : data,
    ...(extras.statement ? { statement: extras.statement } : {}),
  };
}

/** The extras of a round's events, by stream entry id, read when the events are made. */
export type Annotate = (cid: string, records: DecisionRecord[]) => Promise<Map<string, EventExtras>>;

export function jobOptions(jobId: string, retry: RetryOptions): JobsOptions {
  return { jobId, attempts: retry.attempts, backoff: { type: 'exponential', delay: retry.backoffMs } };
}

/** The dispatcher's handler: one job per decision, enqueued before the stream entries are acknowledged. */
export function enqueueDecisions(queue: Queue<WebhookJob>, retry: RetryOptions, annotate?: Annotate) {
  return async (cid: string, records: DecisionRecord[]): Promise<void> => {
    const extras = annotate ? await annotate(cid, records) : new Map<string, EventExtras>();
    await queue.addBulk(records.map((r) => {
      const event = toEvent(cid, r, extras.get(r.id));
      return { name: 'deliver', data: { cid, event }, opts: jobOptions(event.id, retry) };
    }));
  };
}

/** An endpoint with this many consecutive failed attempts is treated as failing: one attempt at a time. */
const FAILING_AFTER = 3;
/** How long an event waits when its endpoint has no free slot (plus up to as much again, spread at random). */
const BUSY_DELAY_MS = 1000;

/**
 * The delivery worker's processor. Isolation: a worker process gives one endpoint at most `perEndpoint`
 * attempts at once (one while it is failing); an event of an endpoint that has none free goes back to the
 * delayed set without using an attempt, and frees its worker slot at once. A slow or failing receiver so
 * holds a few slots, never all, and the events of the others go out while its own wait (docs/WEBHOOKS.md).
 */
export function deliveryProcessor(deps: DeliveryDeps, opts: DeliveryOptions) {
  const inFlight = new Map<string, number>();
  return async (job: Job<WebhookJob>, log: Logger, token?: string): Promise<{ status: number }> => {
    const { cid } = job.data;
    const endpoint = await deps.store.get(cid);
    if (!endpoint) throw new UnrecoverableError('no webhook endpoint is configured');
    if (!endpoint.enabled) throw new UnrecoverableError('the webhook endpoint is disabled');
    const slots = endpoint.consecutiveFailures >= FAILING_AFTER ? 1 : opts.perEndpoint;
    const busy = inFlight.get(cid) ?? 0;
    if (busy >= slots) {
      await job.moveToDelayed(Date.now() + BUSY_DELAY_MS * (1 + Math.random()), token);
      throw new DelayedError();
    }
    inFlight.set(cid, busy + 1);
    try {
      return await attempt(job.data, job.attemptsMade + 1, endpoint, deps, opts, log);
    } finally {
      const left = (inFlight.get(cid) ?? 1) - 1;
      if (left > 0) inFlight.set(cid, left);
      else inFlight.delete(cid);
    }
  };
}

/** One attempt, signed per Standard Webhooks. Throws the failure class so BullMQ retries. */
async function attempt(job: WebhookJob, attemptNo: number, endpoint: WebhookEndpoint, { store, metrics, client }: DeliveryDeps, opts: DeliveryOptions, log: Logger): Promise<{ status: number }> {
  const body = JSON.stringify(job.event);
  const id = webhookId(job.event.id);
  const timestamp = Math.floor(Date.now() / 1000);
  const started = Date.now();
  const { status, failure } = await client.post(endpoint.url, {
    'content-type': 'application/json',
    'user-agent': 'proposal-triage-webhooks/1',
    [HEADERS.id]: id,
    [HEADERS.timestamp]: String(timestamp),
    [HEADERS.signature]: signatureHeader(endpoint.signingKeys, id, timestamp, body),
  }, body);
  const delivery: WebhookDelivery = {
    eventId: job.event.id, attempt: attemptNo, at: new Date(started).toISOString(), ok: failure === undefined, status,
    durationMs: Date.now() - started, ...(failure ? { failure } : {}),
  };
  metrics.webhookAttempts.inc({ result: delivery.ok ? 'ok' : 'failed' });
  if (await store.recordAttempt(job.cid, delivery, opts.disableAfter)) {
    metrics.webhookDisabled.inc();
    log.warn({ consultationId: job.cid }, 'webhook endpoint disabled after consecutive failures');
  }
  if (failure) throw new Error(failure);
  return { status: status! };
}

/** Moves a consultation's dead events back to the delivery queue (same event ids: receivers dedupe). */
export async function replayDeadLetters(dead: Queue<DeadLetter<WebhookJob>>, queue: Queue<WebhookJob>, cid: string, retry: RetryOptions): Promise<number> {
  let replayed = 0;
  for (const job of await deadLettersOf(dead, cid)) {
    await queue.add('deliver', job.data.data, jobOptions(`${job.data.data.event.id}/replay-${job.id}`, retry));
    await job.remove();
    replayed++;
  }
  return replayed;
}

async function deadLettersOf(dead: Queue<DeadLetter<WebhookJob>>, cid: string) {
  const all = await dead.getJobs(['waiting', 'delayed']);
  return all.filter((j) => j?.data?.data?.cid === cid);
}

/** What the API shows of a consultation's dead events. */
export async function deadWebhooks(dead: Queue<DeadLetter<WebhookJob>>, cid: string): Promise<DeadWebhook[]> {
  return (await deadLettersOf(dead, cid)).map((j) => ({ eventId: j.data.data.event.id, failedReason: j.data.failedReason, attemptsMade: j.data.attemptsMade }));
}

/** Erasure: the webhook events (queued, done, failed or dead) about the erased proposals keep their place but
 * lose the external id, so no job data in Redis still names the proposal. Answers the jobs scrubbed. */
export async function scrubErasedEvents(queue: Queue<WebhookJob>, dead: Queue<DeadLetter<WebhookJob>>, cid: string, erased: (proposalId: string) => boolean): Promise<number> {
  const states: JobType[] = ['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized', 'waiting-children'];
  const scrub = (job: WebhookJob): WebhookJob | null => (job.cid === cid && erased(job.event.data.proposalId) && job.event.data.externalId !== ''
    ? { ...job, event: { ...job.event, data: { ...job.event.data, externalId: '' } } } : null);
  let scrubbed = 0;
  for (const job of await queue.getJobs(states)) {
    const data = job?.data && scrub(job.data);
    if (data) { await job.updateData(data); scrubbed++; }
  }
  for (const job of await dead.getJobs(states)) {
    const data = job?.data?.data && scrub(job.data.data);
    if (data) { await job.updateData({ ...job.data, data }); scrubbed++; }
  }
  return scrubbed;
}
