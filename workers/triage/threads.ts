/**
 * Triage on every core: a worker process runs TRIAGE_THREADS node worker threads beside its main thread, each
 * with its own Redis connections, each running the same triage worker; the big read-only tables of the models
 * are the process's, shared (ThreadData.tables). Triage is CPU-bound (the
 * checks and the similarity verification are synchronous), so one thread per core multiplies what a process
 * decides per second (docs/PERFORMANCE.md). A thread that dies is started again; the jobs it held stall and
 * BullMQ gives them to another worker.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { SharedTables } from '../../models/text/shared-tables.js';
import type { TriageReport } from '../../lib/metrics.js';
import type { TriageWorkerEnv } from './worker.js';

export type ThreadMessage = { type: 'ready' } | { type: 'report'; report: TriageReport };
/** `tables`: the process's read-only model tables, shared with the thread instead of loaded again */
export interface ThreadData { env: TriageWorkerEnv; logLevel: string; tables: SharedTables }

const RESTART_DELAY_MS = 1000;

/** Starts `count` triage threads running `script` (app/triage-thread.ts, the composition of one thread) and
 * waits until their models are loaded; answers their stop function. */
export async function startTriageThreads(count: number, script: URL, data: ThreadData, onReport: (r: TriageReport) => void, log: Logger): Promise<() => Promise<void>> {
  const threads = new Set<Worker>();
  let closing = false;
  const start = () => new Promise<void>((ready) => {
    const thread = new Worker(script, { workerData: data });
    threads.add(thread);
    thread.on('message', (m: ThreadMessage) => (m.type === 'ready' ? ready() : onReport(m.report)));
    thread.on('error', (err) => log.error({ err: err.message, thread: thread.threadId }, 'triage thread failed'));
    thread.on('exit', (code) => {
      threads.delete(thread);
      ready();
      if (closing) return;
      log.error({ code }, 'triage thread stopped: starting another');
      setTimeout(() => { if (!closing) void start(); }, RESTART_DELAY_MS).unref();
    });
  });
  await Promise.all(Array.from({ length: count }, start));
  return async () => {
    closing = true;
    await Promise.all([...threads].map(async (thread) => {
      const exited = once(thread, 'exit');
      thread.postMessage('close');
      await exited;
    }));
  };
}
