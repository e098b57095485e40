import { z } from '../../models/zod.js';
import type { ApiDeps } from '../deps.js';
import { openApiDocument } from '../http/openapi.js';
import { HttpProblem } from '../http/problem.js';
import type { ApiRouter } from '../http/route.js';

const Health = z.object({ status: z.literal('ok'), redis: z.literal('ok').optional() });

export function systemRoutes(api: ApiRouter, { redis, metrics }: ApiDeps): void {
  api.add({
    method: 'get', path: '/healthz', tag: 'system', roles: 'public', summary: 'Liveness: the process answers',
    responses: { 200: { description: 'Alive', schema: Health } },
    async handler() {
      return { status: 200, body: { status: 'ok' } };
    },
  });
  api.add({
    method: 'get', path: '/readyz', tag: 'system', roles: 'public', summary: 'Readiness: Redis answers',
    responses: { 200: { description: 'Ready', schema: Health }, 503: { description: 'Not ready: Redis does not answer' } },
    async handler() {
      const ok = await Promise.race([
        redis.ping().then(() => true, () => false),
        new Promise<boolean>((r) => setTimeout(() => r(false), 1000).unref()),
      ]);
      if (!ok) throw new HttpProblem(503, 'not-ready', 'Not ready', 'Redis does not answer within 1 s', undefined, { 'Retry-After': '1' });
      return { status: 200, body: { status: 'ok', redis: 'ok' } };
    },
  });
  api.add({
    method: 'get', path: '/metrics', tag: 'system', roles: ['ops'], summary: 'Prometheus metrics of this process',
    responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain' } },
    async handler() {
      return { status: 200, body: await metrics.registry.metrics(), contentType: metrics.registry.contentType };
    },
  });
  api.add({
    method: 'get', path: '/v1/openapi.json', tag: 'system', roles: 'public', summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1 document', schema: z.record(z.string(), z.unknown()) } },
    async handler() {
      return { status: 200, body: openApiDocument(api) };
    },
  });
}
