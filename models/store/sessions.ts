/** Browser sessions (services/sessions.ts): under the SHA-256 of the cookie's random id, the hash of the API key
 * that signed in and a CSRF token, expiring with the session; per key, a sorted set of its sessions' hashes by
 * creation time, so that a new sign-in can end the earlier ones. */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { keys } from './keys.js';

export interface Session { keyHash: string; csrf: string; expiresAt: number }

const hashOf = (sid: string) => createHash('sha256').update(sid).digest('hex');

export class SessionStore {
  /** `perKey`: sessions one key may hold at once; a new sign-in ends the oldest beyond it (SESSIONS_PER_KEY). */
  constructor(private readonly redis: Redis, readonly ttlMs: number, private readonly perKey = 1) {}

  /** A new session for the key; the key's earlier sessions beyond the newest `perKey` end now (a sign-in on another
   * browser signs the first one out: a stolen or forgotten session does not outlive the next sign-in). */
  async create(keyHash: string, now = Date.now()): Promise<Session & { sid: string }> {
    const sid = randomBytes(32).toString('base64url');
    const session: Session = { keyHash, csrf: randomBytes(32).toString('base64url'), expiresAt: now + this.ttlMs };
    const hash = hashOf(sid);
    // separate commands, not one transaction: on a Redis Cluster the session and the key's index are in other slots.
    // The index first: a session that exists is always listed, so always ended by a later sign-in.
    const index = keys.sessionsOfKey(keyHash);
    await this.redis.multi().zremrangebyscore(index, '-inf', now - this.ttlMs).zadd(index, now, hash).pexpire(index, this.ttlMs).exec();
    await this.redis.set(keys.session(hash), JSON.stringify(session), 'PX', this.ttlMs);
    // oldest first; never the session just made (two sign-ins within one millisecond tie on the score)
    const ended = (await this.redis.zrange(index, 0, -(this.perKey + 1))).filter((h) => h !== hash);
    if (ended.length > 0) {
      await this.redis.zrem(index, ...ended);
      await Promise.all(ended.map((h) => this.redis.del(keys.session(h))));
    }
    return { ...session, sid };
  }

  async read(sid: string): Promise<Session | null> {
    const raw = await this.redis.get(keys.session(hashOf(sid)));
    return raw ? (JSON.parse(raw) as Session) : null;
  }

  async remove(sid: string, keyHash: string): Promise<void> {
    const hash = hashOf(sid);
    await this.redis.del(keys.session(hash));
    await this.redis.zrem(keys.sessionsOfKey(keyHash), hash);
  }
}
