/**
 * Browser sessions for the web page: the cookie holds a random session id (httpOnly, SameSite=Strict); Redis
 * holds, under the id's SHA-256, the hash of the API key that signed in and a CSRF token. Each request
 * resolves the key again, so revoking the key ends its sessions. Unsafe methods need the CSRF token in the
 * X-CSRF-Token header and, when the browser sends one, an Origin equal to the service's own.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { Session } from '../models/store/sessions.js';
import { problems } from './http/problem.js';

export const SESSION_COOKIE = 'tr_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

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
