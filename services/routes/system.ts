import { z } from '../../models/zod.js';
import type { ApiDeps } from '../deps.js';
import { openApiDocument } from '../http/openapi.js';
import { HttpProblem } from '../http/problem.js';
import type { ApiRouter } from '../http/route.js';

const Health = z.object({
  status: z.literal('ok'),
  redis: z.literal('ok').optional(),
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
    responses: { 200: { description: 'Ready', schema: Health }, 503: { description: 'Not ready: Redis does not answer, or the cluster state is not ok' } },
    async handler() {
      const answer = await Promise.race([
        Promise.all([redis.ping(), clusterState(redis)]).then(([, cluster]) => ({ cluster }), () => null),
        new Promise<null>((r) => setTimeout(() => r(null), 1000).unref()),
      ]);
      if (!answer) throw new HttpProblem(503, 'not-ready', 'Not ready', 'Redis does not answer within 1 s', undefined, { 'Retry-After': '1' });
      const { cluster } = answer;
      if (cluster && cluster.state !== 'ok') throw new HttpProblem(503, 'not-ready', 'Not ready', `the Redis Cluster's state is ${cluster.state}`, undefined, { 'Retry-After': '1' });
      return { status: 200, body: { status: 'ok', redis: 'ok', ...(cluster ? { cluster } : {}) } };
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
