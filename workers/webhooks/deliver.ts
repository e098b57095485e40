/**
 * Webhook delivery: the dispatcher turns each new entry of a consultation's decisions stream into one
 * delivery job (job id = event id, so a re-read entry does not enqueue twice while its job exists); the
 * worker POSTs the signed event to the endpoint configured for the job's consultation at the time of the
 * attempt (never a URL carried by the job). Failures retry with exponential backoff; a job out of attempts
 * lands in the dead-letter queue (workers/queues.ts), from which the API replays it.
 */
import { UnrecoverableError, type JobsOptions, type JobType, type Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { DeadWebhook, WebhookDelivery, WebhookEvent } from '../../models/decisions.js';
import { toFeedItem, type DecisionRecord } from '../../models/store/decisions.js';
import type { WebhookStore } from '../../models/store/webhooks.js';
import type { StatementOfReasons } from '../../models/statement-of-reasons.js';
import type { Metrics } from '../../lib/metrics.js';
import type { DeadLetter, WebhookJob } from '../queues.js';
import { HEADERS, signatureHeader } from './signature.js';

export interface DeliveryOptions { timeoutMs: number; disableAfter: number }

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

/** One attempt. Throws on failure so BullMQ retries; UnrecoverableError (straight to the dead-letter queue)
 * when the endpoint is gone or disabled, so the event waits there for a replay. */
export async function deliverWebhook(job: WebhookJob, attempt: number, { store, metrics }: { store: WebhookStore; metrics: Metrics }, opts: DeliveryOptions, log: Logger): Promise<{ status: number }> {
  const endpoint = await store.get(job.cid);
  if (!endpoint) throw new UnrecoverableError('no webhook endpoint is configured');
  if (!endpoint.enabled) throw new UnrecoverableError('the webhook endpoint is disabled');
  const body = JSON.stringify(job.event);
  const timestamp = Math.floor(Date.now() / 1000);
  const started = Date.now();
  let status: number | null = null;
  let error: string | undefined;
  try {
    const res = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'proposal-triage-webhooks/1',
        [HEADERS.eventId]: job.event.id,
        [HEADERS.timestamp]: String(timestamp),
        [HEADERS.signature]: signatureHeader(endpoint.secretValues, timestamp, body),
      },
      body,
      // A redirect could lead the signed event to another host: it counts as a failure.
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    status = res.status;
    await res.body?.cancel().catch(() => undefined);
    if (status < 200 || status >= 300) error = `HTTP ${status}`;
  } catch (err) {
    error = (err as Error).name === 'TimeoutError' ? `no answer within ${opts.timeoutMs} ms` : describeFetchError(err);
  }
  const delivery: WebhookDelivery = {
    eventId: job.event.id, attempt, at: new Date(started).toISOString(), ok: error === undefined, status,
    durationMs: Date.now() - started, ...(error ? { error } : {}),
  };
  metrics.webhookAttempts.inc({ result: delivery.ok ? 'ok' : 'failed' });
  if (await store.recordAttempt(job.cid, delivery, opts.disableAfter)) {
    metrics.webhookDisabled.inc();
    log.warn({ consultationId: job.cid }, 'webhook endpoint disabled after consecutive failures');
  }
  if (error) throw new Error(error);
  return { status: status! };
}

function describeFetchError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return (cause?.code ?? cause?.message ?? (err as Error).message).slice(0, 200);
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
