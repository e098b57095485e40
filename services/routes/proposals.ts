import { z } from '../../models/zod.js';
import { StatementOfReasons, statementOfReasons } from '../../models/statement-of-reasons.js';
import {
  type Consultation, DecisionInput, IntakeBatchResult, IntakeItem, Proposal, ProposalBatchInput, ProposalId, ProposalInput,
  ProposalPage, type Outcome, type ReasonCode,
} from '../../models/schemas.js';
import { ProposalListQuery } from '../http/shapes.js';
import { parseProposalId } from '../../models/proposal-id.js';
import type { ApiDeps } from '../deps.js';
import { problems, type HttpProblem } from '../http/problem.js';
import type { DecisionResult } from '../../models/store/proposals.js';
import type { ApiRouter } from '../http/route.js';
import { SUPPORTED_LANGUAGES } from '../../models/text/languages/registry.js';
import { ConsultationParams } from './consultations.js';
import { requireConsultation } from './lookup.js';

export const ProposalParams = z.object({ id: ProposalId });
export const consultationOfProposal = (p: { id: string }) => parseProposalId(p.id)?.cid;

/** What the store needs to record a moderator's decision. */
export function humanDecision(input: { outcome: Outcome; reason?: ReasonCode | null; note?: string }, decidedBy: string, expectedVersion?: number) {
  return {
    outcome: input.outcome, reason: input.reason ?? null, decidedBy,
    ...(input.note !== undefined ? { note: input.note } : {}),
    ...(expectedVersion !== undefined ? { expectedVersion } : {}),
  };
}

/** A proposal as the API answers it: with the statement of reasons when it is refused. */
export const ProposalResource = Proposal.extend({
  statement: StatementOfReasons.nullable().openapi({ description: 'refused: the statement of reasons owed to the author (DSA Art. 17)' }),
}).openapi('ProposalResource');

export function withStatement(proposal: Proposal, consultation: Consultation | null) {
  return { ...proposal, statement: consultation ? statementOfReasons({ ...proposal, reported: proposal.withdrawnAt !== undefined }, consultation) : null };
}

export function proposalRoutes(api: ApiRouter, { consultations, proposals, intake, metrics, erasure }: ApiDeps): void {
  /** Intake is for open consultations in a supported language only. */
  const requireOpen = async (id: string) => {
    const consultation = await requireConsultation(consultations, id);
    if (consultation.closedAt) throw problems.conflict(`consultation ${id} was closed on ${consultation.closedAt}: it takes no new proposals`);
    if (consultation.unsupportedLanguage !== undefined) {
      throw problems.invalidField('language', `consultation ${id} is in '${consultation.unsupportedLanguage}', which this service no longer supports (supported: ${SUPPORTED_LANGUAGES.join(', ')}): it takes no new proposals until a PUT sets one of them`);
    }
  };
  const resource = async (proposal: Proposal) => withStatement(proposal, await consultations.get(proposal.consultationId));

  api.add({
    method: 'post', path: '/v1/consultations/{id}/proposals', tag: 'intake', roles: ['platform'],
    summary: 'Submit one proposal for triage (idempotent on externalId)',
    params: ConsultationParams, body: ProposalInput, consultationOf: (p) => p.id,
    responses: { 202: { description: 'Accepted for triage', schema: IntakeItem }, 404: { description: 'Unknown consultation' }, 409: { description: 'The consultation is closed' } },
    async handler({ params, body }) {
      await requireOpen(params.id);
      const [item] = await intake.submit(params.id, [body]);
      return { status: 202, body: item, headers: { Location: `/v1/proposals/${item!.id}` } };
    },
  });

  api.add({
    method: 'post', path: '/v1/consultations/{id}/proposals/batch', tag: 'intake', roles: ['platform'],
    summary: 'Submit up to 1000 proposals for triage (idempotent on externalId)',
    params: ConsultationParams, body: ProposalBatchInput, consultationOf: (p) => p.id,
    responses: { 202: { description: 'Accepted for triage, one item per proposal in order', schema: IntakeBatchResult }, 404: { description: 'Unknown consultation' }, 409: { description: 'The consultation is closed' } },
    async handler({ params, body }) {
      await requireOpen(params.id);
      const items = await intake.submit(params.id, body.proposals);
      return { status: 202, body: { items } };
    },
  });

  api.add({
    method: 'get', path: '/v1/proposals/{id}', tag: 'proposals', roles: ['platform', 'moderator', 'ops'],
    summary: 'Read a proposal: status, suggestion, decision, similar proposals',
    params: ProposalParams, consultationOf: consultationOfProposal,
    responses: { 200: { description: 'The proposal', schema: ProposalResource }, 404: { description: 'Unknown proposal' }, 410: { description: 'Erased' } },
    async handler({ params }) {
      const proposal = await proposals.get(params.id);
      if (!proposal) {
        if (await erasure.wasErased(params.id)) throw problems.gone(`proposal ${params.id} was erased`);
        throw problems.notFound(`proposal ${params.id}`);
      }
      return { status: 200, body: await resource(proposal) };
    },
  });

  api.add({
    method: 'get', path: '/v1/consultations/{id}/proposals', tag: 'proposals', roles: ['platform', 'moderator', 'ops'],
    summary: 'List proposals in intake order, optionally of one status',
    params: ConsultationParams, query: ProposalListQuery, consultationOf: (p) => p.id,
    responses: { 200: { description: 'A page; follow nextCursor until null', schema: ProposalPage }, 404: { description: 'Unknown consultation' } },
    async handler({ params, query }) {
      await requireConsultation(consultations, params.id);
      const page = await proposals.list(params.id, {
        ...(query.status ? { status: query.status } : {}),
        ...(query.cursor ? { cursor: Number(query.cursor) } : {}),
        limit: query.limit,
      });
      return { status: 200, body: page };
    },
  });

  api.add({
    method: 'post', path: '/v1/proposals/{id}/decision', tag: 'moderation', roles: ['moderator'],
    summary: 'Decide a proposal (409 if already decided, changed since expectedVersion, or held by another moderator)',
    params: ProposalParams, body: DecisionInput, consultationOf: consultationOfProposal,
    responses: { 200: { description: 'Decided', schema: ProposalResource }, 404: { description: 'Unknown proposal' }, 409: { description: 'Already decided, changed meanwhile, or leased to another moderator' } },
    async handler({ params, body, principal }) {
      const result = await proposals.decide(params.id, humanDecision(body, principal.id, body.expectedVersion));
      if (result.kind !== 'ok') throw decisionConflict(params.id, result);
      metrics.humanDecisions.inc({ outcome: body.outcome, reason: body.reason ?? 'none' });
      return { status: 200, body: await resource((await proposals.get(params.id))!) };
    },
  });
}

/** The problem answering a decision that did not apply. */
export function decisionConflict(id: string, result: Exclude<DecisionResult, { kind: 'ok' }>): HttpProblem {
  switch (result.kind) {
    case 'missing': return problems.notFound(`proposal ${id}`);
    case 'leased': return problems.conflict(`proposal ${id} is being reviewed by ${result.by} until ${new Date(result.expiresAt).toISOString()}`);
    case 'conflict': return problems.conflict(`proposal ${id} is ${result.status} at version ${result.version}: already decided or changed since read`);
  }
}
