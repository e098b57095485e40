import { ConsultationStats, REASON_CODES, type ReasonCode } from '../../models/schemas.js';
import { keys } from '../../models/store/keys.js';
import type { ApiDeps } from '../deps.js';
import { problems } from '../http/problem.js';
import type { ApiRouter } from '../http/route.js';
import { ConsultationParams } from './consultations.js';

export function percentiles(samples: number[]): { count: number; p50: number | null; p90: number | null; p99: number | null } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
  return { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}

export function statsRoutes(api: ApiRouter, { consultations, proposals, redis }: ApiDeps): void {
  api.add({
    method: 'get', path: '/v1/consultations/{id}/stats', tag: 'ops', roles: ['ops', 'platform', 'moderator'],
    summary: 'Counts by status and reason, rejection rate, automatic vs human, queue depth, decision latency',
    params: ConsultationParams, consultationOf: (p) => p.id,
    responses: { 200: { description: 'Statistics', schema: ConsultationStats }, 404: { description: 'Unknown consultation' } },
    async handler({ params }) {
      const cid = params.id;
      if (!(await consultations.get(cid))) throw problems.notFound(`consultation ${cid}`);
      const [byStatus, counters, autoLatency, humanLatency, outbox] = await Promise.all([
        proposals.countsByStatus(cid),
        redis.hgetall(keys.stats(cid)),
        redis.lrange(keys.latency(cid, 'auto'), 0, -1),
        redis.lrange(keys.latency(cid, 'human'), 0, -1),
        redis.zcard(keys.outbox(cid)),
      ]);
      const count = (k: string) => Number(counters[k] ?? 0);
      const byReason = Object.fromEntries(REASON_CODES.map((r) => [r, count(`reason:${r}`)])) as Record<ReasonCode, number>;
      const decided = byStatus.accepted + byStatus.rejected;
      const stats: ConsultationStats = {
        consultationId: cid,
        byStatus,
        byReason,
        total: Object.values(byStatus).reduce((a, b) => a + b, 0),
        decided,
        rejectionRate: decided === 0 ? null : byStatus.rejected / decided,
        decisions: {
          automatic: count('auto:accept') + count('auto:reject'),
          human: count('human:accept') + count('human:reject'),
        },
        queueDepth: { triage: outbox, review: byStatus.pending_review },
        decisionLatencyMs: { automatic: percentiles(autoLatency.map(Number)), human: percentiles(humanLatency.map(Number)) },
      };
      return { status: 200, body: stats };
    },
  });
}
