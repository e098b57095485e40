/**
 * The outbox sweeper: a proposal answered 202 is in its consultation's outbox until triage commits it. If
 * its job was lost (Redis crashed between storing the proposal and enqueueing, or the job was removed),
 * the sweeper enqueues it again. One sweeper at a time across processes, under a Redis lock.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { keys } from '../../models/store/keys.js';
import type { ConsultationStore } from '../../models/store/consultations.js';
import type { TriageJob } from '../queues.js';

const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);
const LOCK_KEY = 'tr:sweeper:lock';
const PAGE = 1000;

export interface SweeperOptions { intervalMs: number; afterMs: number }

export async function sweepOnce(redis: Redis, queue: Queue<TriageJob>, consultations: ConsultationStore, afterMs: number, log: Logger): Promise<number> {
  let requeued = 0;
  const cutoff = Date.now() - afterMs;
  for (const cid of await consultations.ids()) {
    const seqs = (await redis.zrangebyscore(keys.outbox(cid), '-inf', cutoff, 'LIMIT', 0, PAGE)).map(Number);
    if (seqs.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const seq of seqs) pipeline.hget(keys.proposal(cid, seq), 'job');
    const jobIds = ((await pipeline.exec()) ?? []).map(([, v]) => v as string | null);
    const lost = new Map<string, number[]>();
    const stateOf = new Map<string, string>();
    for (let i = 0; i < seqs.length; i++) {
      const jobId = jobIds[i] ?? '';
      if (!stateOf.has(jobId)) stateOf.set(jobId, jobId ? await queue.getJobState(jobId) : 'unknown');
      if (LIVE_STATES.has(stateOf.get(jobId)!)) continue;
      lost.set(jobId, [...(lost.get(jobId) ?? []), seqs[i]!]);
    }
    for (const lostSeqs of lost.values()) {
      const jobId = `s-${cid}~${lostSeqs[0]}-${Date.now()}`;
      const update = redis.pipeline();
      for (const seq of lostSeqs) update.hset(keys.proposal(cid, seq), 'job', jobId);
      await update.exec();
      await queue.add('triage', { cid, seqs: lostSeqs }, { jobId });
      requeued += lostSeqs.length;
    }
  }
  if (requeued > 0) log.warn({ requeued }, 'sweeper re-enqueued proposals whose triage job was lost');
  return requeued;
}

export function startSweeper(redis: Redis, queue: Queue<TriageJob>, consultations: ConsultationStore, opts: SweeperOptions, log: Logger): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    const owner = `${process.pid}-${Math.random()}`;
    const locked = await redis.set(LOCK_KEY, owner, 'PX', opts.intervalMs, 'NX');
    if (!locked) return;
    await sweepOnce(redis, queue, consultations, opts.afterMs, log);
  };
  const timer = setInterval(() => {
    running = tick().catch((err: Error) => log.warn({ err: err.message }, 'sweep failed'));
  }, opts.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
