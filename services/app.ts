/** The Express application: request context, JSON parsing with limits, the declared routes, problem errors. */
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { ApiDeps } from './deps.js';
import { HttpProblem, problems } from './http/problem.js';
import { ApiRouter } from './http/route.js';
import { consultationRoutes } from './routes/consultations.js';
import { decisionRoutes } from './routes/decisions.js';
import { webhookRoutes } from './routes/webhooks.js';
import { mountQueueBoard } from './queue-board.js';
import { groupRoutes } from './routes/groups.js';
import { keyRoutes } from './routes/keys.js';
import { proposalRoutes } from './routes/proposals.js';
import { reviewRoutes } from './routes/review.js';
import { sessionRoutes } from './routes/session.js';
import { statsRoutes } from './routes/stats.js';
import { appealRoutes } from './routes/appeals.js';
import { erasureRoutes } from './routes/erasure.js';
import { reportRoutes } from './routes/reports.js';
import { statementRoutes } from './routes/statements.js';
import { systemRoutes } from './routes/system.js';
import { webPage } from './web.js';
import { workspaceRoutes } from './routes/workspace.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const HSTS_MAX_AGE_S = 365 * 24 * 3600;

export function createApp(deps: ApiDeps, opts: { systemOnly?: boolean } = {}): { app: express.Express; api: ApiRouter } {
  const app = express();
  app.disable('x-powered-by');
  // Responses are `no-store`: an ETag (a SHA-1 of every body) would be computed for nothing.
  app.set('etag', false);
  app.set('trust proxy', deps.env.TRUST_PROXY);
  app.set('query parser', 'simple');

  app.use((req: Request, res: Response, next: NextFunction) => {
    const given = req.get('x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = requestId;
    // the request's logger is made when something logs: most requests never do
    let log: ApiDeps['log'] | undefined;
    Object.defineProperty(res.locals, 'log', { get: () => log ??= deps.log.child({ requestId }) });
    res.setHeader('X-Request-Id', requestId);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // On every response, whatever the deployment: a browser that reached the service over HTTPS (directly or through
    // a TLS-terminating proxy) keeps to HTTPS for a year; over plain HTTP browsers ignore the header (RFC 6797 §8.1),
    // so it costs nothing there. No includeSubDomains: the operator's other hosts are not ours to pin.
    res.setHeader('Strict-Transport-Security', `max-age=${HSTS_MAX_AGE_S}`);
    res.setHeader('Cache-Control', 'no-store');
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      deps.metrics.httpRequests.observe({ method: req.method, route, status: String(res.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  });
  app.use(express.json({ limit: deps.env.BODY_LIMIT_BYTES, strict: true }));

  const api = new ApiRouter(new OpenAPIRegistry(), deps.auth, deps.limiter);
  systemRoutes(api, deps);
  if (!opts.systemOnly) {
    consultationRoutes(api, deps);
    proposalRoutes(api, deps);
    statsRoutes(api, deps);
    keyRoutes(api, deps);
    decisionRoutes(api, deps);
    webhookRoutes(api, deps);
    reviewRoutes(api, deps);
    sessionRoutes(api, deps);
    groupRoutes(api, deps);
    reportRoutes(api, deps);
    appealRoutes(api, deps);
    statementRoutes(api, deps);
    erasureRoutes(api, deps);
    workspaceRoutes(api, deps);
  }
  app.use(api.router);
  if (!opts.systemOnly) {
    mountQueueBoard(app, deps);
    app.use(webPage(deps.log));
  }

  app.use((req: Request) => {
    throw problems.notFound(`route ${req.method} ${req.path}`);
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem = toProblem(err, deps.env.BODY_LIMIT_BYTES);
    const log = (res.locals.log ?? deps.log) as ApiDeps['log'];
    if (problem.status >= 500) log.error({ err, method: req.method, path: req.path }, 'request failed');
    else log.debug({ status: problem.status, detail: problem.detail }, 'request refused');
    for (const [k, v] of Object.entries(problem.headers)) res.setHeader(k, v);
    res.status(problem.status).type('application/problem+json')
      .send(JSON.stringify(problem.body(String(res.locals.requestId ?? ''), req.originalUrl.slice(0, 200))));
  });
  return { app, api };
}

/** Redis down or reloading its AOF, or a Redis Cluster without a master for the slot: the client should retry,
 * this is not a bug of ours. */
function isStorageUnavailable(err: unknown): boolean {
  const e = err as { name?: string; message?: string; code?: string };
  return e.name === 'MaxRetriesPerRequestError' || e.name === 'ClusterAllFailedError'
    || /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|^LOADING|^CLUSTERDOWN|^TRYAGAIN|Too many Cluster redirections|Failed to refresh slots cache/.test(String(e.message))
    || e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET';
}

function toProblem(err: unknown, bodyLimit: number): HttpProblem {
  if (err instanceof HttpProblem) return err;
  const e = err as { type?: string; status?: number; message?: string };
  switch (e.type) {
    case 'entity.parse.failed': return problems.invalidJson(String(e.message).slice(0, 200));
    case 'entity.too.large': return problems.tooLarge(bodyLimit);
    case 'encoding.unsupported':
    case 'charset.unsupported': return problems.unsupportedMediaType();
    case 'request.aborted': return new HttpProblem(400, 'aborted', 'Request aborted', 'the client closed the request');
    default:
      if (isStorageUnavailable(err)) return problems.storageUnavailable();
      if (e.status && e.status >= 400 && e.status < 500) return new HttpProblem(e.status, 'bad-request', 'Bad request', String(e.message ?? 'bad request').slice(0, 200));
      return new HttpProblem(500, 'internal', 'Internal error', 'an unexpected error occurred; the request id identifies it in the logs');
  }
}
