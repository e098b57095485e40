/** Browser sessions (services/sessions.ts): under the SHA-256 of the cookie's random id, the hash of the API key
 * that signed in and a CSRF token, expiring with the session. */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { keys } from './keys.js';

export interface Session { keyHash: string; csrf: string; expiresAt: number }

const hashOf = (sid: string) => createHash('sha256').update(sid).digest('hex');

export class SessionStore {
  constructor(private readonly redis: Redis, readonly ttlMs: number) {}

  async create(keyHash: string, now = Date.now()): Promise<Session & { sid: string }> {
    const sid = randomBytes(32).toString('base64url');
    const session: Session = { keyHash, csrf: randomBytes(32).toString('base64url'), expiresAt: now + this.ttlMs };
    await this.redis.set(keys.session(hashOf(sid)), JSON.stringify(session), 'PX', this.ttlMs);
    return { ...session, sid };
  }

  async read(sid: string): Promise<Session | null> {
    const raw = await this.redis.get(keys.session(hashOf(sid)));
    return raw ? (JSON.parse(raw) as Session) : null;
  }

  async remove(sid: string): Promise<void> {
    await this.redis.del(keys.session(hashOf(sid)));
  }
}
