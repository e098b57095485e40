/**
 * Bearer-token authentication. ADMIN_TOKEN has every right; API keys (created by the admin) have one role
 * and optionally a set of consultations. Keys are random 256-bit tokens, stored only as SHA-256 hashes
 * (a slow password hash buys nothing for tokens of that entropy and would cost every request).
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { ApiKey, Role } from '../models/schemas.js';
import type { ApiKeyStore } from '../models/store/api-keys.js';
import type { Session, SessionStore } from '../models/store/sessions.js';
import type { ApiKeyInput } from './http/shapes.js';
import { problems, type HttpProblem } from './http/problem.js';
import type { RateLimiter } from './http/rate-limit.js';
import { SESSION_COOKIE, checkCsrf, readCookie } from './sessions.js';

export interface Principal {
  /** stable id, used as decidedBy and for rate limits: "admin" or the key id */
  id: string;
  role: Role;
  /** null = every consultation */
  consultations: ReadonlySet<string> | null;
  /** the key's name, for display */
  name?: string;
  /** set when the request was authenticated by the browser session cookie */
  session?: Session & { sid: string };
}

const ADMIN: Principal = { id: 'admin', role: 'admin', consultations: null };
const sha256 = (s: string) => createHash('sha256').update(s).digest();

export class Auth {
  private readonly adminHash: Buffer;
  private readonly cache = new Map<string, { at: number; principal: Principal | null }>();

  /** `failures` counts failed authentications per client address (`clientOf`): past its budget, a token or session
   * that would need a Redis look-up is answered 429 without one — a stream of wrong tokens costs the limiter's
   * counting, never a GET each (issue 17). The admin token and keys already in this process's cache still pass. */
  constructor(private readonly apiKeys: ApiKeyStore, readonly sessions: SessionStore, adminToken: string, private readonly cacheMs: number,
    private readonly failures?: RateLimiter) {
    this.adminHash = sha256(adminToken);
  }

  /** Bearer token when the request has an Authorization header, else the browser session cookie. */
  async authenticateRequest(req: Request): Promise<Principal> {
    const header = req.get('authorization');
    const sid = header === undefined ? readCookie(req, SESSION_COOKIE) : null;
    const client = clientOf(req);
    if (!sid) return this.authenticate(header, client);
    this.beforeLookup(client);
    const session = await this.sessions.read(sid);
    if (!session) throw this.failed(client);
    checkCsrf(req, session);
    return { ...(await this.principalOf(Buffer.from(session.keyHash, 'hex'), client)), session: { ...session, sid } };
  }

  /** A missing or malformed header is refused before any look-up and is not counted as a failure. */
  async authenticate(header: string | undefined, client?: string): Promise<Principal> {
    const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header ?? '');
    if (!match) throw problems.unauthorized();
    return this.principalOf(sha256(match[1]!), client);
  }

  /** The principal of a token's SHA-256 (what sessions keep instead of the token); `client` (`clientOf`) is counted
   * when the token is unknown. */
  async principalOf(hash: Buffer, client?: string): Promise<Principal> {
    if (timingSafeEqual(hash, this.adminHash)) return ADMIN;
    const hex = hash.toString('hex');
    const hit = this.cache.get(hex);
    let principal: Principal | null;
    if (hit && Date.now() - hit.at < this.cacheMs) {
      principal = hit.principal;
    } else {
      this.beforeLookup(client);
      const key = await this.apiKeys.byTokenHash(hex);
      principal = key && !key.revokedAt
        ? { id: key.id, role: key.role, name: key.name, consultations: key.consultations ? new Set(key.consultations) : null }
        : null;
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hex, { at: Date.now(), principal });
    }
    if (!principal) throw this.failed(client);
    return principal;
  }

  /** 429 instead of a Redis look-up for a client past its budget of failed authentications. */
  private beforeLookup(client: string | undefined): void {
    const retryAfterS = client && this.failures ? this.failures.peek(client).retryAfterS : 0;
    if (retryAfterS > 0) throw problems.tooManyFailedAuthentications(retryAfterS);
  }

  private failed(client: string | undefined): HttpProblem {
    if (client) this.failures?.take(client);
    return problems.unauthorized();
  }

  async createKey(input: ApiKeyInput): Promise<ApiKey & { token: string }> {
    const token = `tk_${randomBytes(32).toString('base64url')}`;
    const key: ApiKey = {
      id: `key_${randomUUID().replaceAll('-', '').slice(0, 16)}`,
      name: input.name,
      role: input.role,
      consultations: input.consultations ?? null,
      createdAt: new Date().toISOString(),
      revokedAt: null,
    };
    await this.apiKeys.create(sha256(token).toString('hex'), key);
    return { ...key, token };
  }

  listKeys(): Promise<ApiKey[]> {
    return this.apiKeys.list();
  }

  async revokeKey(id: string): Promise<ApiKey | null> {
    const revoked = await this.apiKeys.revoke(id, new Date().toISOString());
    if (revoked) this.cache.delete(revoked.hash);
    return revoked?.key ?? null;
  }
}

/** What failed authentications are counted by: the client's address (behind a proxy, set TRUST_PROXY so that it is
 * the client's, not the proxy's). */
export function clientOf(req: Request): string {
  return `authfail:${req.ip ?? 'unknown'}`;
}

export function authorize(principal: Principal, roles: readonly Role[], consultationId?: string): void {
  if (principal.role !== 'admin' && !roles.includes(principal.role)) {
    throw problems.forbidden(`the ${principal.role} role cannot do this (needs ${roles.join(' or ')})`);
  }
  if (consultationId !== undefined && principal.consultations && !principal.consultations.has(consultationId)) {
    throw problems.forbidden(`this key is not allowed on consultation ${consultationId}`);
  }
}
