/**
 * Bounded decisions streams: every DECISIONS_TRIM_INTERVAL_MS a worker process trims each consultation's
 * stream of the entries older than DECISIONS_RETENTION_MS that every consumer group (webhook dispatch,
 * metrics, off-topic learning) has read and acknowledged and whose webhook is delivered or dead-lettered.
 * The feed, the audit log and its CSV then reach back that far; each proposal keeps its last decision.
 * Two processes trimming at once remove nothing twice (XTRIM MINID is idempotent).
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { groupFloors, trimDecisions } from '../models/store/decision-stream.js';
import type { WebhookJob } from './queues.js';

/** The webhook jobs not yet finished: waiting, delayed (backing off after a failure) or being attempted. */
const OPEN_JOBS = ['wait', 'prioritized', 'delayed', 'active', 'waiting-children'] as const;

/** Stream entry ids of the open webhook jobs, by consultation (job id = event id = `${cid}/${entry id}`). */
async function openWebhookEntries(queue: Queue<WebhookJob>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const jobId of await queue.getRanges([...OPEN_JOBS], 0, -1, true)) {
    const slash = jobId.lastIndexOf('/');
    if (slash < 0) continue;
    const cid = jobId.slice(0, slash);
    out.set(cid, [...(out.get(cid) ?? []), jobId.slice(slash + 1)]);
  }
  return out;
}

export interface TrimDeps { redis: Redis; consultationIds: () => Promise<string[]>; webhookQueue: Queue<WebhookJob> }

/** One pass over every consultation; answers the entries removed per consultation (those trimmed only). */
export async function trimDecisionStreams({ redis, consultationIds, webhookQueue }: TrimDeps, retentionMs: number, now = Date.now()): Promise<Map<string, number>> {
  // every group first, the open jobs second: an entry acknowledged in between already has its job (the
  // dispatcher enqueues before it acknowledges), so one of the two reads sees it
  const floors = new Map<string, string[]>();
  for (const cid of await consultationIds()) floors.set(cid, await groupFloors(redis, cid));
  const open = await openWebhookEntries(webhookQueue);
  const trimmed = new Map<string, number>();
  for (const [cid, keep] of floors) {
    const removed = await trimDecisions(redis, cid, now - retentionMs, [...keep, ...(open.get(cid) ?? [])]);
    if (removed > 0) trimmed.set(cid, removed);
  }
  return trimmed;
}

export function startDecisionTrim(deps: TrimDeps, opts: { retentionMs: number; intervalMs: number }, log: Logger): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = trimDecisionStreams(deps, opts.retentionMs)
      .then((trimmed) => { if (trimmed.size > 0) log.debug({ trimmed: Object.fromEntries(trimmed) }, 'decisions streams trimmed'); })
      .catch((err: Error) => log.warn({ err: err.message }, 'decisions stream trim failed'))
      .finally(() => { busy = false; });
  }, opts.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
