/**
 * The triage worker: one BullMQ worker on the triage queue with its models loaded. The main thread of a worker
 * process runs one, and so does each triage thread (workers/triage/threads.ts).
 */
import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';
import type { Redis } from 'ioredis';
import type { TriageStores } from '../../models/store/triage-stores.js';
import type { Logger } from 'pino';
import type { Env } from '../../config/env.js';
import { loadContentModels } from '../../models/checks/content-models.js';
import type { SharedTables } from '../../models/text/shared-tables.js';
import { loadEmbedder } from '../../models/similarity/embedder.js';
import type { TriageReport } from '../../lib/metrics.js';
import { QUEUES, createWorker, type TriageJob } from '../queues.js';
import { processTriage, sendToReviewAfterFailure, type TriageDeps } from './process.js';

export type TriageWorkerEnv = Pick<Env, 'REDIS_URL' | 'REDIS_CLUSTER_NODES' | 'TRIAGE_CONCURRENCY' | 'TRIAGE_LOCK_MS' | 'TRIAGE_PROPOSAL_BUDGET_MS' | 'EMBEDDING_MODEL_DIR'>;

/** `stores` over the command connection; `bull` is the BullMQ worker's own blocking connection (app/redis.ts
 * makes both; their owner closes them after the worker). */
export interface TriageConnections { stores: TriageStores; bull: Redis }

/** `tables`: given to a triage thread by its process (else this thread loads the process's). */
export async function startTriageWorker(env: TriageWorkerEnv, { stores, bull }: TriageConnections, report: (r: TriageReport) => void, log: Logger, tables?: SharedTables): Promise<{ close(): Promise<void> }> {
  await loadContentModels(tables);
  // No model folder: the lexical similarity index serves alone (docs/DUPLICATES.md).
  const embedder = env.EMBEDDING_MODEL_DIR ? await loadEmbedder(env.EMBEDDING_MODEL_DIR) : undefined;
  if (embedder) log.info({ model: embedder.version }, 'embedding model loaded');
  const deps: TriageDeps = {
    ...stores, report,
    proposalBudgetMs: env.TRIAGE_PROPOSAL_BUDGET_MS,
    ...(embedder ? { embedder } : {}),
  };
  const worker = createWorker<TriageJob, { committed: number }>(QUEUES.triage, (job, jobLog) => processTriage(job.data, deps, jobLog), {
    // which host, process and thread handled a job: BullMQ stores it as the job's `processedBy`
    name: `${hostname()}:${process.pid}:${threadId}`,
    connection: bull, concurrency: env.TRIAGE_CONCURRENCY, lockMs: env.TRIAGE_LOCK_MS, log,
    consultationOf: (d) => d.cid,
    onDeadLetter: (dead) => sendToReviewAfterFailure(dead.data, dead.failedReason, deps),
  });
  return { close: () => worker.close() };
}
