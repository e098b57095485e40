import { OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { z } from '../../models/zod.js';
import type { ApiDeps } from '../deps.js';
import type { ApiRouter } from '../http/route.js';

const Health = z.object({ status: z.enum(['ok', 'unavailable']), redis: z.string().optional() });

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
    responses: { 200: { description: 'Ready', schema: Health }, 503: { description: 'Not ready', schema: Health } },
    async handler() {
      const ok = await Promise.race([
        redis.ping().then(() => true, () => false),
        new Promise<boolean>((r) => setTimeout(() => r(false), 1000).unref()),
      ]);
      return { status: ok ? 200 : 503, body: { status: ok ? 'ok' : 'unavailable', redis: ok ? 'ok' : 'no answer' } };
    },
  });
  api.add({
    method: 'get', path: '/metrics', tag: 'system', roles: ['ops'], summary: 'Prometheus metrics of this process',
    responses: { 200: { description: 'Prometheus text format' } },
    async handler() {
      return { status: 200, body: await metrics.registry.metrics(), contentType: metrics.registry.contentType };
    },
  });
  api.add({
    method: 'get', path: '/v1/openapi.json', tag: 'system', roles: 'public', summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3 document' } },
    async handler() {
      return { status: 200, body: openApiDocument(api) };
    },
  });
}

const documents = new WeakMap<ApiRouter, unknown>();

/** Generated once per app from the routes' own schemas. */
export function openApiDocument(api: ApiRouter): unknown {
  let doc = documents.get(api);
  if (!doc) {
    api.registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
    doc = new OpenApiGeneratorV3(api.registry.definitions).generateDocument({
      openapi: '3.0.3',
      info: { title: 'Proposal triage service', version: '1', description: 'Intake, triage and moderation of citizen proposals.' },
    });
    documents.set(api, doc);
  }
  return doc;
}
