/**
 * Erasure and retention (GDPR Art. 17 and 5(1)(e)): a proposal, an author's proposals, a closed consultation's
 * texts after its retention period, or a whole consultation. What "erased" covers: models/store/erasure.ts.
 */
import { z } from '../../models/zod.js';
import { ParticipantId } from '../../models/reports.js';
import { Consultation } from '../../models/schemas.js';
import type { ApiDeps } from '../deps.js';
import { problems } from '../http/problem.js';
import type { ApiRouter } from '../http/route.js';
import { ConsultationParams } from './consultations.js';
import { requireConsultation } from './lookup.js';
import { ProposalParams, consultationOfProposal } from './proposals.js';
import { parseProposalId } from '../../models/proposal-id.js';

const AuthorParams = ConsultationParams.extend({ authorId: ParticipantId });
const ErasureResult = z.object({ erased: z.number().int().openapi({ description: 'proposals erased by this request' }) }).openapi('ErasureResult');

export function erasureRoutes(api: ApiRouter, { consultations, erasure, eraser }: ApiDeps): void {
  api.add({
    method: 'delete', path: '/v1/proposals/{id}', tag: 'after-decision', roles: ['platform'],
    summary: 'Erase a proposal: its text and every trace derived from it (counts stay, anonymous; an audit entry without the text is kept)',
    params: ProposalParams, consultationOf: consultationOfProposal,
    responses: { 204: { description: 'Erased (also when it already was)' }, 404: { description: 'Unknown proposal' } },
    async handler({ params, principal }) {
      const { cid, seq } = parseProposalId(params.id)!;
      const erased = await eraser.erase(cid, [seq], principal.id);
      if (erased.length === 0 && !(await erasure.wasErased(params.id))) throw problems.notFound(`proposal ${params.id}`);
      return { status: 204 };
    },
  });

  api.add({
    method: 'delete', path: '/v1/consultations/{id}/authors/{authorId}', tag: 'after-decision', roles: ['platform'],
    summary: 'Erase every proposal of an author in the consultation',
    params: AuthorParams, consultationOf: (p) => p.id,
    responses: { 200: { description: 'Erased', schema: ErasureResult }, 404: { description: 'Unknown consultation' } },
    async handler({ params, principal }) {
      await requireConsultation(consultations, params.id);
      const seqs = await erasure.proposalsOf(params.id, params.authorId);
      return { status: 200, body: { erased: (await eraser.erase(params.id, seqs, principal.id)).length } };
    },
  });

  api.add({
    method: 'post', path: '/v1/consultations/{id}/close', tag: 'after-decision', roles: ['platform'],
    summary: 'Close a consultation to new proposals; its texts are erased retentionDays later when it has a retention',
    params: ConsultationParams, consultationOf: (p) => p.id,
    responses: { 200: { description: 'Closed (also when it already was)', schema: Consultation }, 404: { description: 'Unknown consultation' } },
    async handler({ params }) {
      const consultation = await consultations.mark(params.id, 'closedAt');
      if (!consultation) throw problems.notFound(`consultation ${params.id}`);
      return { status: 200, body: consultation };
    },
  });

  api.add({
    method: 'delete', path: '/v1/consultations/{id}', tag: 'after-decision', roles: ['platform'],
    summary: 'Delete a consultation: its proposals erased, then every key it had',
    params: ConsultationParams, consultationOf: (p) => p.id,
    responses: { 204: { description: 'Deleted' }, 404: { description: 'Unknown consultation' } },
    async handler({ params, principal }) {
      await requireConsultation(consultations, params.id);
      await eraser.eraseAll(params.id, principal.id);
      await consultations.delete(params.id);
      return { status: 204 };
    },
  });
}
