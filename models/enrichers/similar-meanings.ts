import type { Similar } from '../schemas.js';
import { parseProposalId, proposalId } from '../proposal-id.js';
import { MAX_SIMILAR } from './similar-texts.js';
import type { Enricher } from './types.js';

/** Cosine from which an earlier proposal is listed as saying the same thing (to calibrate per model: see
 * docs/DUPLICATES.md; 0.75 is the usual paraphrase level of paraphrase-multilingual-MiniLM-L12-v2). */
export const SEMANTIC_SIMILAR_AT = 0.75;

/** With an embedding model: registers each proposal's sentence vector in the consultation's semantic index and
 * adds its nearest earlier meanings to `evidence.similar` (kept when already found lexically, with the better
 * of the two similarities). Near copies stay the lexical check's: a paraphrase is not a duplicate. */
export const similarMeaningsEnricher: Enricher = {
  id: 'similar_meanings',
  reads: ['similar'],
  provides: ['similar', 'sentenceVector'],
  async enrich(batch, { stores, embedder }) {
    const inputs = batch.filter((b) => b.proposal.normalized.length > 0);
    if (!embedder || inputs.length === 0) return;
    const cid = inputs[0]!.consultation.id;
    const vectors = await embedder.embed(inputs.map((b) => b.proposal.normalized));
    const neighbours = await stores.semantic.registerAndMatch(cid, inputs.map((b, i) => ({
      seq: parseProposalId(b.proposal.id)!.seq, vector: vectors[i]!,
    })));
    const close = neighbours.map((list) => list.filter((n) => n.cosine >= SEMANTIC_SIMILAR_AT).slice(0, MAX_SIMILAR));
    const texts = await stores.proposals.storedTexts(cid, [...new Set(close.flat().map((n) => n.seq))]);
    inputs.forEach((input, i) => {
      input.evidence.modelVersions.embedding = embedder.version;
      input.evidence.sentenceVector = vectors[i]!;
      const byId = new Map<string, Similar>(input.evidence.similar.map((s) => [s.id, s]));
      for (const n of close[i]!) {
        const row = texts.get(n.seq);
        if (!row) continue;
        const id = proposalId(cid, n.seq);
        const similarity = Math.round(Math.max(byId.get(id)?.similarity ?? 0, n.cosine) * 1e4) / 1e4;
        byId.set(id, { id, ...row, similarity });
      }
      input.evidence.similar = [...byId.values()].sort((a, b) => b.similarity - a.similarity).slice(0, MAX_SIMILAR);
    });
  },
};
