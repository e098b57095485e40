/** Long synchronous work on a thread that must stay responsive (a triage batch, a learning round): the event loop
 * gets a turn — health checks, BullMQ lock renewals, HTTP — whenever a slice of work has run this long. */
import { setImmediate as nextTurn } from 'node:timers/promises';

export const YIELD_EVERY_MS = 10;

/** `work` over `items` in order, letting the event loop in between two items once `everyMs` have passed. */
export async function mapYielding<T, R>(items: readonly T[], work: (item: T, i: number) => R, everyMs = YIELD_EVERY_MS): Promise<R[]> {
  const out: R[] = [];
  let slice = performance.now();
  for (let i = 0; i < items.length; i++) {
    if (performance.now() - slice >= everyMs) {
      await nextTurn();
      slice = performance.now();
    }
    out.push(work(items[i]!, i));
  }
  return out;
}
