/**
 * Budgets counted in the CPU time of the calling thread, so that a loaded machine — the thread waiting for a
 * core, other processes or threads running — does not spend them: the same work gets the same verdict on an idle
 * machine and on an overloaded one, and only work that really costs (a pathological text) runs out.
 */
import { openSync, readSync } from 'node:fs';

/** Node ≥ 23.9 measures a thread's CPU time itself; on Node 20 it is read from Linux's /proc. */
const threadCpuUsage = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;

/** /proc/thread-self names the thread that opens it, and each worker thread has its own copy of this module, so
 * the descriptor stays this thread's. Its first field is the time the thread has run, in nanoseconds (the running
 * thread's figure is brought up to date at each scheduler tick, a few milliseconds). */
let schedstat: number | null | undefined;
const line = Buffer.alloc(128);

/** The calling thread's CPU time in milliseconds, or null where it cannot be measured. */
export function threadCpuMs(): number | null {
  if (threadCpuUsage) {
    const { user, system } = threadCpuUsage();
    return (user + system) / 1000;
  }
  if (schedstat === undefined) {
    try { schedstat = openSync('/proc/thread-self/schedstat', 'r'); } catch { schedstat = null; }
  }
  if (schedstat === null) return null;
  const read = readSync(schedstat, line, 0, line.length, 0);
  return Number(line.toString('latin1', 0, read).split(' ', 1)[0]) / 1e6;
}

/**
 * A budget of `budgetMs` of this thread's CPU time from now: answers whether it is spent. The wall clock is read
 * first (cheap) since CPU time cannot run faster than it; the thread's CPU time only once the wall-clock deadline
 * has passed, and what is left of the budget then sets the next one. Where CPU time cannot be measured, the budget
 * is wall-clock time.
 */
export function cpuBudget(budgetMs: number): () => boolean {
  if (budgetMs === Infinity) return () => false;
  const startCpu = threadCpuMs();
  let deadline = performance.now() + budgetMs;
  return () => {
    const now = performance.now();
    if (now <= deadline) return false;
    if (startCpu === null) return true;
    const left = budgetMs - (threadCpuMs()! - startCpu);
    if (left <= 0) return true;
    deadline = now + left;
    return false;
  };
}
