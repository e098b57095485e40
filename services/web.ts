/**
 * The web page (moderator workspace and ops dashboard): plain ES modules under web/, served as files by the
 * service itself — no build step, no CDN. A strict Content-Security-Policy forbids inline and foreign scripts,
 * so even if user text reached the DOM as HTML it could not run; the page itself only ever sets textContent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Response } from 'express';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
  "font-src 'self'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/** web/ sits at the project root: two levels up from services/ in the sources, three from dist/services/. */
function webRoot(): string {
  const candidates = ['../web', '../../web'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (!found) throw new Error(`web page files not found (looked in ${candidates.join(', ')})`);
  return found;
}

export function webPage(): express.Handler {
  return express.static(webRoot(), {
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
