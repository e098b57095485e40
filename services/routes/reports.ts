/**
 * Participants' reports (filed by the platform on their behalf) and what moderators read of them.
 */
import { z } from '../../models/zod.js';
import { Report, ReportInput, ReportResult } from '../../models/reports.js';
import { ProposalStatus } from '../../models/schemas.js';
import { proposalId } from '../../models/proposal-id.js';
import type { ApiDeps } from '../deps.js';
import { HttpProblem, problems } from '../http/problem.js';
import type { ApiRouter } from '../http/route.js';
import { ConsultationParams } from './consultations.js';
import { requireConsultation } from './lookup.js';
import { ProposalParams, consultationOfProposal } from './proposals.js';

const ReportedProposal = z.object({
  proposalId: z.string(),
  status: ProposalStatus,
  text: z.string(),
  reports: z.array(Report),
  lastReportAt: z.string(),
}).openapi('ReportedProposal');

const ReportedQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export function reportRoutes(api: ApiRouter, { env, consultations, proposals, reports }: ApiDeps): void {
  api.add({
    method: 'post', path: '/v1/proposals/{id}/reports', tag: 'after-decision', roles: ['platform'],
    summary: 'Report a proposal on behalf of a participant (one report per participant; an accepted proposal goes back to review past the consultation\'s threshold, at once for severe reasons)',
    params: ProposalParams, body: ReportInput, consultationOf: consultationOfProposal,
    responses: {
      201: { description: 'Recorded', schema: ReportResult }, 404: { description: 'Unknown proposal' },
      409: { description: 'This participant already reported this proposal' },
    },
    async handler({ params, body }) {
      const cid = consultationOfProposal(params)!;
      const consultation = await consultations.get(cid);
      if (!consultation) throw problems.notFound(`proposal ${params.id}`);
      const result = await reports.report(params.id, body, { threshold: consultation.reportThreshold, perMinute: env.REPORTS_PER_MINUTE });
      switch (result.kind) {
        case 'missing': throw problems.notFound(`proposal ${params.id}`);
        case 'duplicate': throw problems.conflict(`participant ${body.reporterId} already reported proposal ${params.id}`);
        case 'rate_limited': throw new HttpProblem(429, 'rate-limited', 'Too many reports',
          `participant ${body.reporterId} filed ${env.REPORTS_PER_MINUTE} reports in this consultation within a minute`,
          [{ field: 'reporterId', message: 'too many reports; retry later' }], { 'Retry-After': '60' });
        default: return {
          status: 201,
          body: { proposalId: params.id, reports: result.count, threshold: consultation.reportThreshold, withdrawn: result.kind === 'withdrawn', status: result.status },
        };
      }
    },
  });

  api.add({
    method: 'get', path: '/v1/proposals/{id}/reports', tag: 'after-decision', roles: ['platform', 'moderator'],
    summary: 'The reports of a proposal, oldest first',
    params: ProposalParams, consultationOf: consultationOfProposal,
    responses: { 200: { description: 'The reports', schema: z.object({ items: z.array(Report) }) } },
    async handler({ params }) {
      return { status: 200, body: { items: await reports.list(params.id) } };
    },
  });

  api.add({
    method: 'get', path: '/v1/consultations/{id}/reports', tag: 'after-decision', roles: ['moderator', 'ops'],
    summary: 'The reported proposals of a consultation, most recently reported first, with their reports',
    params: ConsultationParams, query: ReportedQuery, consultationOf: (p) => p.id,
    responses: { 200: { description: 'Reported proposals', schema: z.object({ items: z.array(ReportedProposal) }) }, 404: { description: 'Unknown consultation' } },
    async handler({ params, query }) {
      await requireConsultation(consultations, params.id);
      const reported = await reports.reported(params.id, query.limit);
      const found = await proposals.readMany(params.id, reported.map((r) => r.seq));
      const items = await Promise.all(reported.flatMap((r, i) => {
        const p = found[i];
        if (!p) return [];
        return [reports.list(proposalId(params.id, r.seq)).then((list) => ({
          proposalId: p.id, status: p.status, text: p.text, reports: list, lastReportAt: new Date(r.lastReportAt).toISOString(),
        }))];
      }));
      return { status: 200, body: { items } };
    },
  });
}
