import { createHash } from 'node:crypto';
import { parseProposalId, proposalId } from '../proposal-id.js';
import type { Enricher } from './types.js';

/** Registers each proposal's folded text in the consultation and reports the earlier proposal that had it
 * first. Atomic per batch (a Lua script), so of two copies triaged at once by two workers exactly one is first. */
export const exactTextsEnricher: Enricher = {
  id: 'exact_texts',
  provides: ['exactDuplicateOf'],
  async enrich(batch, { stores: { proposals } }) {
    const candidates = batch.filter((b) => b.proposal.folded.length > 0);
    if (candidates.length === 0) return;
    const cid = candidates[0]!.consultation.id;
    const firsts = await proposals.claimTexts(cid, candidates.map((b) => ({ hash: textHash(b.proposal.folded), seq: parseProposalId(b.proposal.id)!.seq })));
    const originals = candidates
      .map((b, i) => ({ input: b, first: firsts[i]! }))
      .filter(({ input, first }) => proposalId(cid, first) !== input.proposal.id);
    if (originals.length === 0) return;
    const rows = await proposals.storedTexts(cid, originals.map((o) => o.first));
    for (const { input, first } of originals) {
      // an original erased meanwhile is still named, without its text
      const { externalId, text, status } = rows.get(first) ?? { externalId: '', text: '' };
      input.evidence.exactDuplicateOf = {
        id: proposalId(cid, first), externalId, text, similarity: 1, ...(status ? { status } : {}),
      };
    }
  },
};

/** 96 bits of SHA-1: collisions are negligible at millions of texts and the hash field stays small. */
export function textHash(folded: string): string {
  return createHash('sha1').update(folded).digest('base64url').slice(0, 16);
}
