/**
 * The web page (moderator workspace and ops dashboard): plain ES modules under web/, served as files by the
 * service itself — no build step, no CDN. A strict Content-Security-Policy forbids inline and foreign scripts,
 * so even if user text reached the DOM as HTML it could not run; the page itself only ever sets textContent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Response } from 'express';
import type { Logger } from 'pino';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
  "font-src 'self'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/** web/ sits at the project root: one level up from services/ in the sources, two from dist/services/. */
function webRoot(): string | null {
  const candidates = ['../web', '../../web'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/** The page's files; without them (an image built without web/) the API still runs and `/` answers 404. */
export function webPage(log: Logger): express.Handler {
  const root = webRoot();
  if (!root) {
    log.warn('web page files (web/index.html) not found: the moderator page is not served');
    return (_req, _res, next) => next();
  }
  return express.static(root, {
    index: 'index.html',
    redirect: false,
    setHeaders(res: Response) {
      res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      res.setHeader('X-Frame-Options', 'DENY');
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    },
  });
}
