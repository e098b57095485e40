/**
 * Per-key rate limits counted in Redis, so every API process shares one budget per key. Counting every
 * request with its own round trip would cost more than the intake itself, so each process counts locally
 * and flushes its counts every FLUSH_MS with one pipeline, reading back the shared totals. A key may
 * overshoot by what the processes admit within one flush interval.
 */
import type { RateCounters } from '../../models/store/rate-limits.js';

const WINDOW_MS = 60_000;
const FLUSH_MS = 50;

export class RateLimiter {
  private pending = new Map<string, number>();
  /** counts sent to Redis whose new totals have not come back yet: they still count */
  private sending = new Map<string, number>();
  private shared = new Map<string, { window: number; total: number }>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly counters: RateCounters, private readonly perMinute: number) {
    this.timer = setInterval(() => { this.flushing = this.flush().catch(() => undefined); }, FLUSH_MS);
    this.timer.unref();
  }

  /** Counts one request of `keyId`; answers the seconds to wait when over the limit, else 0. */
  take(keyId: string, now = Date.now()): { retryAfterS: number; remaining: number } {
    const { retryAfterS, used } = this.peek(keyId, now);
    if (retryAfterS > 0) return { retryAfterS, remaining: 0 };
    this.pending.set(keyId, (this.pending.get(keyId) ?? 0) + 1);
    return { retryAfterS: 0, remaining: this.perMinute - used - 1 };
  }

  /** Whether `keyId` is over its limit, without counting a request: the seconds to wait, else 0. */
  peek(keyId: string, now = Date.now()): { retryAfterS: number; used: number } {
    const window = Math.floor(now / WINDOW_MS);
    const known = this.shared.get(keyId);
    const sharedTotal = known && known.window === window ? known.total : 0;
    const used = sharedTotal + (this.sending.get(keyId) ?? 0) + (this.pending.get(keyId) ?? 0);
    return { retryAfterS: used >= this.perMinute ? Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000)) : 0, used };
  }

  async flush(now = Date.now()): Promise<void> {
    if (this.pending.size === 0 || this.sending.size > 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.sending = batch;
    const window = Math.floor(now / WINDOW_MS);
    try {
      await Promise.all([...batch].map(async ([keyId, n]) => {
        this.shared.set(keyId, { window, total: await this.counters.add(keyId, window, n, WINDOW_MS * 2) });
      }));
    } finally {
      this.sending = new Map();
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await this.flush();
  }
}
