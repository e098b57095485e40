import { OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { z } from '../../models/zod.js';
import type { ApiDeps } from '../deps.js';
import type { ApiRouter } from '../http/route.js';

const Health = z.object({
  status: z.enum(['ok', 'unavailable']),
  redis: z.string().optional(),
  cluster: z.object({
    state: z.string().openapi({ description: "CLUSTER INFO's cluster_state: ok, or fail while a slot has no master" }),
    slotsOk: z.number().int(),
    knownNodes: z.number().int(),
    size: z.number().int().openapi({ description: 'masters serving slots' }),
  }).optional().openapi({ description: 'on a Redis Cluster (REDIS_CLUSTER_NODES)' }),
});

/** A Redis Cluster's own view of its health, or null when not on a cluster or it does not answer. */
async function clusterState(redis: ApiDeps['redis']): Promise<z.infer<typeof Health>['cluster'] | null> {
  if (!redis.isCluster) return null;
  const info = String(await redis.cluster('INFO'));
  const field = (name: string) => new RegExp(`${name}:(\\S+)`).exec(info)?.[1] ?? '';
  return { state: field('cluster_state'), slotsOk: Number(field('cluster_slots_ok')), knownNodes: Number(field('cluster_known_nodes')), size: Number(field('cluster_size')) };
}

export function systemRoutes(api: ApiRouter, { redis, metrics }: ApiDeps): void {
  api.add({
    method: 'get', path: '/healthz', tag: 'system', roles: 'public', summary: 'Liveness: the process answers',
    responses: { 200: { description: 'Alive', schema: Health } },
    async handler() {
      return { status: 200, body: { status: 'ok' } };
    },
  });
  api.add({
    method: 'get', path: '/readyz', tag: 'system', roles: 'public', summary: 'Readiness: Redis answers (on a cluster: and its state is ok)',
    responses: { 200: { description: 'Ready', schema: Health }, 503: { description: 'Not ready', schema: Health } },
    async handler() {
      const answer = await Promise.race([
        Promise.all([redis.ping(), clusterState(redis)]).then(([, cluster]) => ({ cluster }), () => null),
        new Promise<null>((r) => setTimeout(() => r(null), 1000).unref()),
      ]);
      if (!answer) return { status: 503, body: { status: 'unavailable', redis: 'no answer' } };
      const { cluster } = answer;
      const ok = !cluster || cluster.state === 'ok';
      return { status: ok ? 200 : 503, body: { status: ok ? 'ok' : 'unavailable', redis: 'ok', ...(cluster ? { cluster } : {}) } };
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
