/**
 * The outbox sweeper: a proposal answered 202 is in its consultation's outbox until triage commits it. If
 * its job was lost (Redis crashed between storing the proposal and enqueueing, or the job was removed),
 * the sweeper enqueues it again. One sweeper at a time across processes, under a Redis lock.
 */
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { ConsultationStore } from '../../models/store/consultations.js';
import type { Locks } from '../../models/store/locks.js';
import type { ProposalStore } from '../../models/store/proposals.js';
import type { TriageJob } from '../queues.js';

const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);
const PAGE = 1000;

export interface SweeperOptions { intervalMs: number; afterMs: number }

export interface SweeperStores { proposals: ProposalStore; consultations: ConsultationStore }

export async function sweepOnce({ proposals, consultations }: SweeperStores, queue: Queue<TriageJob>, afterMs: number, log: Logger): Promise<number> {
  let requeued = 0;
  const cutoff = Date.now() - afterMs;
  for (const cid of await consultations.ids()) {
    const waiting = await proposals.waitingSince(cid, cutoff, PAGE);
    const lost = new Map<string, number[]>();
    const stateOf = new Map<string, string>();
    for (const { seq, jobId } of waiting) {
      if (!stateOf.has(jobId)) stateOf.set(jobId, jobId ? await queue.getJobState(jobId) : 'unknown');
      if (LIVE_STATES.has(stateOf.get(jobId)!)) continue;
      lost.set(jobId, [...(lost.get(jobId) ?? []), seq]);
    }
    for (const lostSeqs of lost.values()) {
      const jobId = `s-${cid}~${lostSeqs[0]}-${Date.now()}`;
      await proposals.assignJob(cid, lostSeqs, jobId);
      await queue.add('triage', { cid, seqs: lostSeqs }, { jobId });
      requeued += lostSeqs.length;
    }
  }
  if (requeued > 0) log.warn({ requeued }, 'sweeper re-enqueued proposals whose triage job was lost');
  return requeued;
}

/** `locks`: one sweeper runs at a time across processes. */
export function startSweeper(locks: Locks, stores: SweeperStores, queue: Queue<TriageJob>, opts: SweeperOptions, log: Logger): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    if (!await locks.take('sweeper', opts.intervalMs)) return;
    await sweepOnce(stores, queue, opts.afterMs, log);
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
