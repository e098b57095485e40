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
  responses: Record<number, { description: string; schema?: ZodType }>;
  handler: (ctx: RouteContext<P, Q, B>) => Promise<Reply>;
}

const PUBLIC: Principal = { id: 'anonymous', role: 'ops', consultations: new Set() };

export class ApiRouter {
  readonly router = express.Router();

  constructor(readonly registry: OpenAPIRegistry, private readonly auth: Auth, private readonly limiter: RateLimiter) {}

  add<P = Record<string, never>, Q = Record<string, never>, B = undefined>(spec: RouteSpec<P, Q, B>): void {
    this.registry.registerPath(openApiEntry(spec));
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
  429: 'Rate limit reached (Retry-After)', 503: 'Overloaded or storage unavailable (Retry-After)',
} as const;

function openApiEntry<P, Q, B>(spec: RouteSpec<P, Q, B>): RouteConfig {
  const responses: RouteConfig['responses'] = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    responses[status] = r.schema ? { description: r.description, content: { 'application/json': { schema: r.schema } } } : { description: r.description };
  }
  const problemStatuses = spec.roles === 'public' ? [] : Object.keys(PROBLEM_RESPONSES).map(Number)
    .filter((s) => spec.body || (s !== 413 && s !== 415 && s !== 400));
  for (const status of problemStatuses) {
    responses[status] ??= { description: PROBLEM_RESPONSES[status as keyof typeof PROBLEM_RESPONSES], content: { 'application/problem+json': { schema: Problem } } };
  }
  return {
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    tags: [spec.tag],
    ...(spec.roles === 'public' ? {} : { security: [{ bearer: [] }], description: `Roles: admin${spec.roles.length ? ', ' + spec.roles.join(', ') : ''}.` }),
    request: {
      ...(spec.params ? { params: spec.params as never } : {}),
      ...(spec.query ? { query: spec.query as never } : {}),
      ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
    },
    responses,
  };
}

export { HttpProblem };
