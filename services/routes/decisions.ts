import { DecisionFeedPage, DecisionFeedQuery, StreamCursor } from '../../models/decision-feed.js';
import { csvRow } from '../../models/csv.js';
import { z } from '../../models/zod.js';
import { toFeedItem, type DecisionRecord } from '../../models/store/decision-stream.js';
import { parseProposalId } from '../../models/proposal-id.js';
import type { ApiDeps } from '../deps.js';
import type { ApiRouter } from '../http/route.js';
import { ConsultationParams } from './consultations.js';
import { requireConsultation } from './lookup.js';

const CSV_PAGE = 2000;
const CSV_COLUMNS = ['decisionId', 'decidedAt', 'proposalId', 'externalId', 'outcome', 'reason', 'decidedBy', 'text'];

export function decisionRoutes(api: ApiRouter, { consultations, decisionLog, proposals }: ApiDeps): void {

  api.add({
    method: 'get', path: '/v1/consultations/{id}/decisions', tag: 'decisions', roles: ['platform', 'ops'],
    summary: 'The decisions feed: every decision (automatic, human, undo) in order, resumable after a cursor',
    params: ConsultationParams, query: DecisionFeedQuery, consultationOf: (p) => p.id,
    responses: { 200: { description: 'A page of the feed', schema: DecisionFeedPage }, 404: { description: 'Unknown consultation' } },
    async handler({ params, query }) {
      await requireConsultation(consultations, params.id);
      const { items, hasMore } = await decisionLog.page(params.id, query.after, query.limit);
      return { status: 200, body: { items: items.map(toFeedItem), nextCursor: items.at(-1)?.id ?? query.after ?? null, hasMore } };
    },
  });

  api.add({
    method: 'get', path: '/v1/consultations/{id}/decisions.csv', tag: 'decisions', roles: ['platform', 'moderator', 'ops'],
    summary: 'Every decision with its reason and the proposal text, as CSV (UTF-8, spreadsheet-safe)',
    params: ConsultationParams, query: z.object({ after: StreamCursor.optional() }), consultationOf: (p) => p.id,
    responses: { 200: { description: 'One row per decision in order', contentType: 'text/csv' }, 404: { description: 'Unknown consultation' } },
    async handler({ params, query }) {
      const cid = params.id;
      await requireConsultation(consultations, cid);
      // A byte-order mark makes spreadsheet programs read the accents as UTF-8.
      const parts = ['\ufeff', csvRow(CSV_COLUMNS)];
      let after = query.after;
      for (;;) {
        const { items, hasMore } = await decisionLog.page(cid, after, CSV_PAGE);
        const texts = await textsOf(cid, items);
        for (const [i, r] of items.entries()) {
          const d = toFeedItem(r);
          parts.push(csvRow([d.id, d.decidedAt, d.proposalId, d.externalId, d.outcome, d.reason, d.decidedBy, texts[i]]));
        }
        if (!hasMore) break;
        after = items.at(-1)!.id;
      }
      return {
        status: 200, body: parts.join(''), contentType: 'text/csv; charset=utf-8',
        headers: { 'Content-Disposition': `attachment; filename="decisions-${cid}.csv"` },
      };
    },
  });

  function textsOf(cid: string, records: DecisionRecord[]): Promise<(string | null)[]> {
    return proposals.texts(cid, records.map((r) => parseProposalId(r.proposalId)?.seq ?? 0));
  }
}
