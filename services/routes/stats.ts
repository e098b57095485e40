import { z } from '../../models/zod.js';
import { ConsultationStats } from '../../models/schemas.js';
import { AppealStats } from '../../models/reports.js';
import { WINDOW_PATTERN, windowMs } from '../../models/ops-stats.js';
import type { ApiDeps } from '../deps.js';
import type { ApiRouter } from '../http/route.js';
import { requireConsultation } from './lookup.js';
import { ConsultationParams } from './consultations.js';

export const StatsQuery = z.object({
  window: z.string().regex(WINDOW_PATTERN, { message: 'a duration such as 90m, 24h or 7d' })
    .refine((w) => windowMs(w) !== null, { message: 'at most 31 days' }).default('24h')
    .openapi({ description: 'the period of the windowed figures, timeline and alerts, ending now' }),
});

const StatsWithAppeals = ConsultationStats.extend({
  appeals: AppealStats.openapi({ description: 'appeal and overturn rates per refusal reason and per check (an overturned automatic refusal is a false positive of its check)' }),
}).openapi('ConsultationStatsWithAppeals');

export function statsRoutes(api: ApiRouter, { consultations, stats, appeals }: ApiDeps): void {
  api.add({
    method: 'get', path: '/v1/consultations/{id}/stats', tag: 'ops', roles: ['ops', 'platform', 'moderator'],
    summary: 'Counts by status and reason, rejection rates, automatic vs human, queue depth and age, time to decision, moderator throughput, machine/moderator agreement per check, hourly timeline, alerts',
    params: ConsultationParams, query: StatsQuery, consultationOf: (p) => p.id,
    responses: { 200: { description: 'Statistics', schema: StatsWithAppeals }, 404: { description: 'Unknown consultation' } },
    async handler({ params, query }) {
      await requireConsultation(consultations, params.id);
      const computed = await stats.compute(params.id, { spec: query.window, ms: windowMs(query.window)! });
      return { status: 200, body: { ...computed, appeals: await appeals.stats(params.id, computed.byReason) } };
    },
  });
}
