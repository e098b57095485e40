/** Recomputes the alert signals of every consultation on a timer, for the Prometheus gauges (/stats
 * computes them on demand). Each worker process does it; the gauges are equal across processes. */
import type { Logger } from 'pino';
import type { Metrics } from '../../lib/metrics.js';
import type { ConsultationStore } from '../../models/store/consultations.js';
import type { StatsStore } from '../../models/store/stats.js';

export interface AlertMonitorDeps { consultations: ConsultationStore; stats: StatsStore; metrics: Metrics }

export async function refreshAlerts({ consultations, stats, metrics }: AlertMonitorDeps, now = Date.now()): Promise<void> {
  const all = [];
  let review = 0;
  for (const cid of await consultations.ids()) {
    all.push(await stats.alerts(cid, now));
    review += await stats.reviewDepth(cid);
  }
  metrics.recordAlerts(all, review);
}

export function startAlertMonitor(deps: AlertMonitorDeps, intervalMs: number, log: Logger): () => Promise<void> {
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
