/** Locks that let one process of the service at a time do a periodic job (the outbox sweeper). */
import type { Redis } from 'ioredis';
import { keys } from './keys.js';

export class Locks {
  constructor(private readonly redis: Redis) {}

  /** Takes the lock `name` for `ms` when nobody holds it; answers whether this caller got it. It is never
   * released early: it lapses, so a process that dies holding it blocks the job for `ms` at most. */
  async take(name: 'sweeper', ms: number): Promise<boolean> {
    const owner = `${process.pid}-${Math.random()}`;
    return (await this.redis.set(keys.lock(name), owner, 'PX', ms, 'NX')) !== null;
  }
}
