/**
 * Retention (GDPR Art. 5(1)(e)): a closed consultation with `retentionDays` has its proposals erased that many
 * days after it closed — the same erasure as a DELETE (models/store/erasure.ts), counts kept — and is marked
 * `purgedAt`. Every worker process checks every RETENTION_INTERVAL_MS; two doing it at once erase nothing twice.
 */
import type { Logger } from 'pino';
import type { ConsultationStore } from '../models/store/consultations.js';
import type { Eraser } from '../models/store/erasure.js';

const DAY_MS = 86_400_000;

export interface RetentionDeps { consultations: ConsultationStore; eraser: Eraser }

/** One pass: answers the consultations purged. */
export async function purgeExpired({ consultations, eraser }: RetentionDeps, now = Date.now()): Promise<string[]> {
  const purged: string[] = [];
  for (const cid of await consultations.ids()) {
    const c = await consultations.get(cid, { fresh: true });
    if (!c?.closedAt || c.purgedAt || c.retentionDays === undefined) continue;
    if (Date.parse(c.closedAt) + c.retentionDays * DAY_MS > now) continue;
    await eraser.eraseAll(cid, 'retention');
    await consultations.mark(cid, 'purgedAt', new Date(now));
    purged.push(cid);
  }
  return purged;
}

export function startRetention(deps: RetentionDeps, intervalMs: number, log: Logger): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = purgeExpired(deps)
      .then((purged) => { if (purged.length) log.info({ consultations: purged }, 'texts erased at the end of their retention period'); })
      .catch((err: Error) => log.warn({ err: err.message }, 'retention pass failed'))
      .finally(() => { busy = false; });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
