/** The shared request counts of the rate limiter (services/http/rate-limit.ts): one counter per key and window. */
import type { Redis } from 'ioredis';
import { keys } from './keys.js';

export class RateCounters {
  constructor(private readonly redis: Redis) {}

  /** Adds `n` to the key's count in `window`, kept `ttlMs`; answers the new total. */
  async add(keyId: string, window: number, n: number, ttlMs: number): Promise<number> {
    const key = keys.rateLimit(keyId, window);
    // one transaction per key, not one pipeline for all: on a Redis Cluster each key lives in its own slot
    const [[, total] = []] = (await this.redis.multi().incrby(key, n).pexpire(key, ttlMs).exec()) ?? [];
    return Number(total ?? 0);
  }
}
