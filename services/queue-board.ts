/**
 * bull-board, mounted at /ops/queues: every queue of the service with its dead-letter queue, to look at — never to
 * act on (docs/OPS.md, "The queue board").
 * - Who: admin, and ops keys not limited to consultations. bull-board knows nothing of consultations (the jobs
 *   of every consultation share the queues), so a key limited to some consultations is refused every board URL
 *   (403): its view is the API's (/v1/consultations/{id}/stats, …/webhook/dead-letters).
 * - Read-only: every queue in bull-board's read-only mode, and any method but GET and HEAD refused here (405)
 *   before bull-board sees it — no pause, retry, clean or "add job" through the board, with a Bearer token or a
 *   browser session. Acting on jobs goes through the API, behind its auth, CSRF check and audit log (dead-letter
 *   replay: POST /v1/consultations/{id}/webhook/dead-letters/replay).
 * - Its page gets the same protections as the moderators' page: a Content-Security-Policy without third-party
 *   origins (the Google Fonts link of bull-board's page is removed; the system font is used), no framing, no
 *   X-Powered-By from bull-board's own Express app.
 */
import type { Express, NextFunction, Request, Response } from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { authorize } from './auth.js';
import type { ApiDeps } from './deps.js';
import { problems } from './http/problem.js';

export const QUEUE_BOARD_PATH = '/ops/queues';

const READ_METHODS = new Set(['GET', 'HEAD']);
const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'none'", "object-src 'none'",
].join('; ');
/** the stylesheet link of bull-board's page to a third-party font host */
const THIRD_PARTY_FONTS = /<link[^>]*\bhref="https:\/\/fonts\.(?:googleapis|gstatic)\.com[^>]*>/g;

export function mountQueueBoard(app: Express, deps: ApiDeps): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  // @bull-board/express pins its own patch version of @bull-board/api: same interface, distinct declarations.
  createBullBoard({
    queues: deps.opsQueues.map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
    serverAdapter: adapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
  });
  const board = adapter.getRouter() as Express;
  board.disable('x-powered-by');
  app.use(QUEUE_BOARD_PATH, (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    deps.auth.authenticateRequest(req)
      .then((principal) => {
        authorize(principal, ['ops']);
        if (principal.consultations !== null) {
          throw problems.forbidden('the queue board shows the jobs of every consultation: it needs a key that is not limited to consultations');
        }
        if (!READ_METHODS.has(req.method)) {
          throw problems.methodNotAllowed('the queue board is read-only: act on jobs through the API (dead-letter replay)', 'GET, HEAD');
        }
        withoutThirdPartyFonts(res, next);
      })
      .then(() => next(), next);
  }, board);
}

/** bull-board renders its page with res.render: the page is sent without the third-party font link. */
function withoutThirdPartyFonts(res: Response, next: NextFunction): void {
  const render = res.render.bind(res);
  res.render = ((view: string, options?: object) => {
    render(view, options ?? {}, (err: Error | null, html: string) => (err ? next(err) : res.send(html.replace(THIRD_PARTY_FONTS, ''))));
  }) as Response['render'];
}
