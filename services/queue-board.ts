/** bull-board, mounted at /ops/queues for the ops role (Bearer token or the web page's session cookie; admin
 * too): every queue of the service with its dead-letter queue, to inspect, retry or remove jobs. With the
 * cookie, the board's own write requests carry no CSRF token and are refused: a browser session can look,
 * and acting on jobs takes a Bearer token (or the API's dead-letter replay). */
import type { Express, NextFunction, Request, Response } from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { authorize } from './auth.js';
import type { ApiDeps } from './deps.js';

export const QUEUE_BOARD_PATH = '/ops/queues';

export function mountQueueBoard(app: Express, deps: ApiDeps): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  // @bull-board/express pins its own patch version of @bull-board/api: same interface, distinct declarations.
  createBullBoard({ queues: deps.opsQueues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'] });
  app.use(QUEUE_BOARD_PATH, (req: Request, _res: Response, next: NextFunction) => {
    deps.auth.authenticateRequest(req)
      .then((principal) => authorize(principal, ['ops']))
      .then(() => next(), next);
  }, adapter.getRouter());
}
