/**
 * Browser sessions for the web page: the cookie holds a random session id (httpOnly, SameSite=Strict); Redis
 * holds, under the id's SHA-256, the hash of the API key that signed in and a CSRF token. Each request
 * resolves the key again, so revoking the key ends its sessions. Unsafe methods need the CSRF token in the
 * X-CSRF-Token header and, when the browser sends one, an Origin equal to the service's own.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { Redis } from 'ioredis';
import { keys } from '../models/store/keys.js';
import { problems } from './http/problem.js';

export const SESSION_COOKIE = 'tr_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

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

export function readCookie(req: Request, name: string): string | null {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{1,100}$/.test(value) ? value : null;
    }
  }
  return null;
}

/** Secure when the request came over TLS (directly or, with TRUST_PROXY, through a proxy). */
export function sessionCookie(req: Request, sid: string, maxAgeMs: number): string {
  return `${SESSION_COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(maxAgeMs / 1000)}${req.secure ? '; Secure' : ''}`;
}

/** A request whose Origin names another site is refused (login CSRF and cross-site calls). */
export function checkOrigin(req: Request): void {
  const origin = req.get('origin');
  if (origin !== undefined && origin !== `${req.protocol}://${req.get('host')}`) {
    throw problems.forbidden('cross-origin request refused');
  }
}

export function checkCsrf(req: Request, session: Session): void {
  if (SAFE_METHODS.has(req.method)) return;
  checkOrigin(req);
  const sent = Buffer.from(req.get('x-csrf-token') ?? '');
  const expected = Buffer.from(session.csrf);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
    throw problems.forbidden('missing or wrong X-CSRF-Token header (needed with the session cookie)');
  }
}
