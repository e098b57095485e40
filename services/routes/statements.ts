/**
 * Statements of reasons (DSA Art. 17): one proposal's, and a consultation's in the DSA Transparency Database's
 * submission format (Art. 24(5)), a page at a time — each page can be posted as is to its multiple endpoint.
 */
import { z } from '../../models/zod.js';
import { StatementOfReasons } from '../../models/statement-of-reasons.js';
import { TDB_BATCH, toTransparencyStatement, TransparencyStatement } from '../../models/transparency-database.js';
import type { ApiDeps } from '../deps.js';
import { problems } from '../http/problem.js';
import { requireConsultation } from './lookup.js';
import type { ApiRouter } from '../http/route.js';
import { ConsultationParams } from './consultations.js';
import { ProposalParams, consultationOfProposal, withStatement } from './proposals.js';

const ExportQuery = z.object({
  cursor: z.string().regex(/^[0-9]{1,15}$/, { message: 'a cursor as returned in nextCursor' }).optional(),
  limit: z.coerce.number().int().min(1).max(TDB_BATCH).default(TDB_BATCH)
    .openapi({ description: `at most ${TDB_BATCH}: what the database takes per call` }),
});
const TransparencyPage = z.object({
  statements: z.array(TransparencyStatement),
  nextCursor: z.string().nullable(),
}).openapi('TransparencyPage');

export function statementRoutes(api: ApiRouter, { consultations, proposals }: ApiDeps): void {
  api.add({
    method: 'get', path: '/v1/proposals/{id}/statement', tag: 'after-decision', roles: ['platform', 'moderator', 'ops'],
    summary: 'The statement of reasons of a refused proposal, in the consultation\'s language',
    params: ProposalParams, consultationOf: consultationOfProposal,
    responses: { 200: { description: 'The statement', schema: StatementOfReasons }, 404: { description: 'Unknown or not refused' } },
    async handler({ params }) {
      const proposal = await proposals.get(params.id);
      const statement = proposal && withStatement(proposal, await consultations.get(proposal.consultationId)).statement;
      if (!statement) throw problems.notFound(`statement of reasons of proposal ${params.id} (it must exist and be refused)`);
      return { status: 200, body: statement };
    },
  });

  api.add({
    method: 'get', path: '/v1/consultations/{id}/transparency', tag: 'after-decision', roles: ['platform', 'ops'],
    summary: 'The consultation\'s statements of reasons as DSA Transparency Database submissions (no personal data), in intake order',
    params: ConsultationParams, query: ExportQuery, consultationOf: (p) => p.id,
    responses: { 200: { description: 'A page: POST {statements} to the database; follow nextCursor until null', schema: TransparencyPage }, 404: { description: 'Unknown consultation' } },
    async handler({ params, query }) {
      const consultation = await requireConsultation(consultations, params.id);
      const page = await proposals.list(params.id, { status: 'rejected', ...(query.cursor ? { cursor: Number(query.cursor) } : {}), limit: query.limit });
      const statements = page.items.flatMap((p) => {
        const { statement } = withStatement(p, consultation);
        return statement ? [toTransparencyStatement({ id: p.id, createdAt: p.createdAt, statement }, consultation)] : [];
      });
      return { status: 200, body: { statements, nextCursor: page.nextCursor } };
    },
  });
}
