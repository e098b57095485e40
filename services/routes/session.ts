/** Sign-in for the web page: an API key (moderator or ops) or the admin token buys an httpOnly session cookie. */
import { createHash } from 'node:crypto';
import { SessionInfo, SessionInput } from '../http/shapes.js';
import { clientOf, type Principal } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { problems } from '../http/problem.js';
import type { ApiRouter } from '../http/route.js';
import { SESSION_COOKIE, checkOrigin, sessionCookie } from '../sessions.js';

const info = (p: Principal, session: { csrf: string; expiresAt: number } | undefined): SessionInfo => ({
  principal: { id: p.id, role: p.role, name: p.name ?? null, consultations: p.consultations ? [...p.consultations].sort() : null },
  csrfToken: session?.csrf ?? null,
  expiresAt: session ? new Date(session.expiresAt).toISOString() : null,
});

export function sessionRoutes(api: ApiRouter, { auth, limiter }: ApiDeps): void {
  api.add({
    method: 'post', path: '/v1/session', tag: 'session', roles: 'public',
    summary: 'Sign in to the web page with a moderator or ops key (or the admin token); sets an httpOnly session cookie',
    body: SessionInput,
    responses: {
      201: { description: 'Signed in', schema: SessionInfo }, 401: { description: 'Unknown key' }, 403: { description: 'Platform keys cannot sign in' },
      429: { description: 'Too many sign-ins or failed authentications from this address (Retry-After)' },
    },
    async handler({ body, req }) {
      checkOrigin(req);
      const { retryAfterS } = limiter.take(`signin:${req.ip ?? 'unknown'}`);
      if (retryAfterS > 0) throw problems.rateLimited(retryAfterS);
      const principal = await auth.authenticate(`Bearer ${body.token}`, clientOf(req));
      if (principal.role === 'platform') throw problems.forbidden('platform keys cannot sign in to the web page');
      const session = await auth.sessions.create(createHash('sha256').update(body.token).digest('hex'));
      return { status: 201, body: info(principal, session), headers: { 'Set-Cookie': sessionCookie(req, session.sid, auth.sessions.ttlMs) } };
    },
  });

  api.add({
    method: 'get', path: '/v1/session', tag: 'session', roles: ['moderator', 'ops'],
    summary: 'Who is signed in, with the CSRF token the page must send back',
    responses: { 200: { description: 'The session', schema: SessionInfo } },
    async handler({ principal }) {
      return { status: 200, body: info(principal, principal.session) };
    },
  });

  api.add({
    method: 'delete', path: '/v1/session', tag: 'session', roles: ['moderator', 'ops'],
    summary: 'Sign out: the session ends and its cookie is cleared',
    responses: { 204: { description: 'Signed out' } },
    async handler({ principal, req }) {
      if (principal.session) await auth.sessions.remove(principal.session.sid, principal.session.keyHash);
      return { status: 204, headers: { 'Set-Cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${req.secure ? '; Secure' : ''}` } };
    },
  });
}
