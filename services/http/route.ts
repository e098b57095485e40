/**
 * Routes are declared with their schemas, roles and responses; `ApiRouter.add` wires validation,
 * authentication, authorisation, rate limiting and the OpenAPI entry from that one declaration, and the
 * handler receives parsed input and its dependencies — never raw request data.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { ZodType } from 'zod';
import type { Logger } from 'pino';
import type { Role } from '../../models/schemas.js';
import { z } from '../../models/zod.js';
import { Problem } from './shapes.js';
import { authorize, type Auth, type Principal } from '../auth.js';
import { HttpProblem, problems, validationProblem } from './problem.js';
import type { RateLimiter } from './rate-limit.js';

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  requestId: string;
  log: Logger;
  req: Request;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** send `body` as is with this content type instead of JSON */
  contentType?: string;
}

export interface RouteSpec<P, Q, B> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI style: /v1/consultations/{id} */
  path: string;
  summary: string;
  tag: string;
  /** roles allowed besides admin; 'public' = no authentication */
  roles: readonly Role[] | 'public';
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /** the consultation the request is about, checked against the key's scope */
  consultationOf?: (params: P) => string | undefined;
  /** An error status without a schema is documented with the Problem body; `contentType` documents a body
   * that is not JSON (CSV, Prometheus text). */
  responses: Record<number, { description: string; schema?: ZodType; contentType?: string }>;
  handler: (ctx: RouteContext<P, Q, B>) => Promise<Reply>;
}

const PUBLIC: Principal = { id: 'anonymous', role: 'ops', consultations: new Set() };

export class ApiRouter {
  readonly router = express.Router();
  private readonly operationIds = new Set<string>();

  constructor(readonly registry: OpenAPIRegistry, private readonly auth: Auth, private readonly limiter: RateLimiter) {}

  add<P = Record<string, never>, Q = Record<string, never>, B = undefined>(spec: RouteSpec<P, Q, B>): void {
    const operationId = operationIdOf(spec.method, spec.path);
    if (this.operationIds.has(operationId)) throw new Error(`two routes would be operation ${operationId}`);
    this.operationIds.add(operationId);
    this.registry.registerPath(openApiEntry(spec, operationId));
    const expressPath = spec.path.replace(/\{(\w+)\}/g, ':$1');
    this.router[spec.method](expressPath, (req: Request, res: Response, next: NextFunction) => {
      this.handle(spec, req, res).catch(next);
    });
  }

  private async handle<P, Q, B>(spec: RouteSpec<P, Q, B>, req: Request, res: Response): Promise<void> {
    const principal = spec.roles === 'public' ? PUBLIC : await this.auth.authenticateRequest(req);
    if (spec.roles !== 'public') {
      const { retryAfterS, remaining } = this.limiter.take(principal.id);
      res.setHeader('RateLimit-Remaining', String(remaining));
      if (retryAfterS > 0) throw problems.rateLimited(retryAfterS);
    }
    // The role is checked before anything is parsed: a key that may not use the route learns nothing more.
    if (spec.roles !== 'public') authorize(principal, spec.roles);
    const params = parse(spec.params, req.params, 'path') as P;
    if (spec.roles !== 'public') authorize(principal, spec.roles, spec.consultationOf?.(params));
    const query = parse(spec.query, req.query, 'query') as Q;
    let body = undefined as B;
    if (spec.body) {
      if (!req.is('application/json')) throw problems.unsupportedMediaType();
      body = parse(spec.body, req.body, 'body') as B;
    }
    const reply = await spec.handler({
      params, query, body, principal, requestId: res.locals.requestId as string, req,
      get log() { return res.locals.log as Logger; },
    });
    for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
    res.status(reply.status);
    if (reply.body === undefined) res.end();
    else if (reply.contentType) res.type(reply.contentType).send(reply.body);
    else res.json(reply.body);
  }
}

function parse(schema: ZodType | undefined, value: unknown, where: 'body' | 'query' | 'path'): unknown {
  if (!schema) return {};
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(result.error, where);
  return result.data;
}

const PROBLEM_RESPONSES = {
  400: 'Malformed request (invalid JSON)', 401: 'Missing or invalid token', 403: 'Role or consultation not allowed',
  413: 'Body too large', 415: 'Body is not JSON', 422: 'A field is invalid (named in errors[].field)',
  429: 'Rate limit reached (Retry-After)', 500: 'Unexpected error (its requestId identifies it in the logs)',
  503: 'Overloaded or storage unavailable (Retry-After)',
} as const;

/** The error statuses the shared machinery can answer for a route: input parsing, authentication, the rate
 * limit, and the errors any route can meet (500, and 503 when Redis does not answer). */
function problemStatuses(spec: RouteSpec<unknown, unknown, unknown>): (keyof typeof PROBLEM_RESPONSES)[] {
  return [
    ...(spec.body ? [400, 413, 415, 422] as const : spec.params || spec.query ? [422] as const : []),
    ...(spec.roles === 'public' ? [] : [401, 403, 429] as const),
    500, 503,
  ];
}

/** `PUT /v1/consultations/{id}/webhook` → `putConsultationWebhook`: a segment before a parameter names one item. */
export function operationIdOf(method: string, path: string): string {
  const segments = path.split('/').filter((s) => s !== '' && s !== 'v1');
  const words = segments.flatMap((s, i) => s.startsWith('{') ? [] : [segments[i + 1]?.startsWith('{') ? singular(s) : s]);
  return method + words.flatMap((w) => w.split(/[^A-Za-z0-9]+/)).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

const singular = (word: string) => word.endsWith('ies') ? `${word.slice(0, -3)}y` : word.endsWith('s') ? word.slice(0, -1) : word;

const problemContent = { 'application/problem+json': { schema: Problem } };

function openApiEntry<P, Q, B>(spec: RouteSpec<P, Q, B>, operationId: string): RouteConfig {
  const responses: RouteConfig['responses'] = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    const content = r.schema ? { 'application/json': { schema: r.schema } }
      : r.contentType ? { [r.contentType]: { schema: z.string() } }
      : Number(status) >= 400 ? problemContent : undefined;
    responses[status] = { description: r.description, ...(content ? { content } : {}) };
  }
  for (const status of problemStatuses(spec as RouteSpec<unknown, unknown, unknown>)) {
    responses[status] ??= { description: PROBLEM_RESPONSES[status], content: problemContent };
  }
  return {
    method: spec.method,
    path: spec.path,
    operationId,
    summary: spec.summary,
    tags: [spec.tag],
    // Public operations say so (an empty requirement), the others need the bearer token.
    ...(spec.roles === 'public' ? { security: [] } : { security: [{ bearer: [] }], description: `Roles: admin${spec.roles.length ? ', ' + spec.roles.join(', ') : ''}.` }),
    request: {
      ...(spec.params ? { params: spec.params as never } : {}),
      ...(spec.query ? { query: spec.query as never } : {}),
      ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
    },
    responses,
  };
}

export { HttpProblem };
