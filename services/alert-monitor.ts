/** Recomputes the alert signals of every consultation on a timer, for the Prometheus gauges (/stats
 * computes them on demand). Each worker process does it; the gauges are equal across processes. */
import type { Logger } from 'pino';
import { keys } from '../models/store/keys.js';
import type { ApiDeps } from './deps.js';

export async function refreshAlerts({ consultations, redis, stats, metrics }: ApiDeps, now = Date.now()): Promise<void> {
  const all = [];
  let review = 0;
  for (const cid of await consultations.ids()) {
    all.push(await stats.alerts(cid, now));
    review += await redis.zcard(keys.byStatus(cid, 'pending_review'));
  }
  metrics.recordAlerts(all, review);
}

export function startAlertMonitor(deps: ApiDeps, intervalMs: number, log: Logger): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = refreshAlerts(deps).catch((err: Error) => log.warn({ err: err.message }, 'alert refresh failed'));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
