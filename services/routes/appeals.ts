/**
 * Authors' appeals against refusals (DSA Art. 20): filed by the platform with the author's statement, listed in
 * the moderators' appeal queue, decided by a moderator other than the one who refused — never automatically.
 */
import { z } from '../../models/zod.js';
import { Appeal, AppealDecisionInput, AppealInput, AppealStatus } from '../../models/reports.js';
import { APPEAL_WINDOW_DAYS, statementOfReasons } from '../../models/statement-of-reasons.js';
import { parseProposalId } from '../../models/proposal-id.js';
import type { ApiDeps } from '../deps.js';
import { problems } from '../http/problem.js';
import type { ApiRouter } from '../http/route.js';
import { ConsultationParams } from './consultations.js';
import { requireConsultation } from './lookup.js';
import { ProposalParams, ProposalResource, consultationOfProposal, withStatement } from './proposals.js';

const AppealItem = Appeal.extend({ text: z.string().openapi({ description: 'the refused proposal' }) }).openapi('AppealItem');
const AppealQuery = z.object({
  status: AppealStatus.optional().openapi({ description: 'pending: the queue, oldest first; absent: every appeal' }),
  cursor: z.string().regex(/^[0-9]{1,15}$/, { message: 'a cursor as returned in nextCursor' }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export function appealRoutes(api: ApiRouter, { consultations, proposals, appeals, metrics }: ApiDeps): void {
  const resource = async (id: string) => {
    const proposal = (await proposals.get(id))!;
    return withStatement(proposal, await consultations.get(proposal.consultationId));
  };

  api.add({
    method: 'post', path: '/v1/proposals/{id}/appeals', tag: 'after-decision', roles: ['platform'],
    summary: 'File the author\'s appeal against the refusal of their proposal (one per refusal, within six months)',
    params: ProposalParams, body: AppealInput, consultationOf: consultationOfProposal,
    responses: {
      201: { description: 'Filed: the appeal waits for a moderator', schema: Appeal }, 404: { description: 'Unknown proposal' },
      409: { description: 'Not refused, already appealed, appeal period over, or the refusal changed meanwhile' },
    },
    async handler({ params, body }) {
      const proposal = await proposals.get(params.id);
      const consultation = proposal && await consultations.get(proposal.consultationId);
      if (!proposal || !consultation) throw problems.notFound(`proposal ${params.id}`);
      const statement = statementOfReasons({ ...proposal, reported: proposal.withdrawnAt !== undefined }, consultation);
      if (!statement || !proposal.decision) throw problems.conflict(`proposal ${params.id} is ${proposal.status}: only a refusal can be appealed`);
      if (Date.parse(statement.appealUntil) < Date.now()) throw problems.conflict(`the appeal period of proposal ${params.id} ended on ${statement.appealUntil} (${APPEAL_WINDOW_DAYS} days)`);
      const result = await appeals.file(params.id, body, {
        decidedAtMs: Date.parse(proposal.decision.decidedAt), reason: proposal.decision.reason,
        decidedBy: proposal.decision.decidedBy, check: statement.detectedBy,
      });
      switch (result.kind) {
        case 'ok': return { status: 201, body: await appeals.get(params.id), headers: { Location: `/v1/proposals/${params.id}/appeal` } };
        case 'missing': throw problems.notFound(`proposal ${params.id}`);
        case 'not_author': throw problems.forbidden(`authorId does not match the author of proposal ${params.id}`);
        case 'duplicate': throw problems.conflict(`the refusal of proposal ${params.id} was already appealed`);
        case 'changed':
        case 'not_refused': throw problems.conflict(`the decision of proposal ${params.id} changed meanwhile: read it again`);
      }
    },
  });

  api.add({
    method: 'get', path: '/v1/proposals/{id}/appeal', tag: 'after-decision', roles: ['platform', 'moderator', 'ops'],
    summary: 'The appeal of a proposal and its outcome',
    params: ProposalParams, consultationOf: consultationOfProposal,
    responses: { 200: { description: 'The appeal', schema: Appeal }, 404: { description: 'No appeal' } },
    async handler({ params }) {
      const appeal = await appeals.get(params.id);
      if (!appeal) throw problems.notFound(`appeal of proposal ${params.id}`);
      return { status: 200, body: appeal };
    },
  });

  api.add({
    method: 'get', path: '/v1/consultations/{id}/appeals', tag: 'after-decision', roles: ['moderator', 'ops'],
    summary: 'The appeal queue (status=pending, oldest first) or every appeal, with the refused text',
    params: ConsultationParams, query: AppealQuery, consultationOf: (p) => p.id,
    responses: { 200: { description: 'A page; follow nextCursor until null', schema: z.object({ items: z.array(AppealItem), nextCursor: z.string().nullable() }) }, 404: { description: 'Unknown consultation' } },
    async handler({ params, query }) {
      await requireConsultation(consultations, params.id);
      const page = await appeals.list(params.id, { ...(query.status ? { status: query.status } : {}), ...(query.cursor ? { cursor: Number(query.cursor) } : {}), limit: query.limit });
      const texts = await proposals.readMany(params.id, page.items.map((a) => parseProposalId(a.proposalId)!.seq));
      return { status: 200, body: { items: page.items.map((a, i) => ({ ...a, text: texts[i]?.text ?? '' })), nextCursor: page.nextCursor } };
    },
  });

  api.add({
    method: 'post', path: '/v1/proposals/{id}/appeal/decision', tag: 'after-decision', roles: ['moderator'],
    summary: 'Decide an appeal: uphold the refusal or overturn it (accept the proposal). Not by the moderator who refused.',
    params: ProposalParams, body: AppealDecisionInput, consultationOf: consultationOfProposal,
    responses: {
      200: { description: 'Decided; the proposal as it now is', schema: ProposalResource }, 403: { description: 'The caller took the refusal' },
      404: { description: 'No appeal' }, 409: { description: 'Already decided, or the refusal changed meanwhile' },
    },
    async handler({ params, body, principal }) {
      const result = await appeals.decide(params.id, principal.id, body.outcome, body.note);
      switch (result.kind) {
        case 'ok':
          metrics.humanDecisions.inc({ outcome: body.outcome === 'overturn' ? 'accept' : 'reject', reason: 'appeal' });
          return { status: 200, body: await resource(params.id) };
        case 'missing': throw problems.notFound(`appeal of proposal ${params.id}`);
        case 'same_moderator': throw problems.forbidden(`${principal.id} took the refusal of proposal ${params.id}: another moderator must decide its appeal`);
        case 'not_pending': throw problems.conflict(`the appeal of proposal ${params.id} was already decided`);
        case 'changed': throw problems.conflict(`proposal ${params.id} is ${result.status}: its refusal changed since the appeal`);
      }
    },
  });
}
