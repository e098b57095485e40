import { createHash } from 'node:crypto';
import { keys } from '../store/keys.js';
import { parseProposalId, proposalId } from '../proposal-id.js';
import { withScripts } from '../store/scripts.js';
import type { Enricher } from './types.js';

/** Registers each proposal's folded text in the consultation and reports the earlier proposal that had it
 * first. Atomic per batch (a Lua script), so of two copies triaged at once by two workers exactly one is first. */
export const exactTextsEnricher: Enricher = {
  id: 'exact_texts',
  async enrich(batch, { redis }) {
    const candidates = batch.filter((b) => b.proposal.folded.length > 0);
    if (candidates.length === 0) return;
    const cid = candidates[0]!.consultation.id;
    const args: string[] = [];
    for (const b of candidates) args.push(textHash(b.proposal.folded), String(parseProposalId(b.proposal.id)!.seq));
    const firsts = await withScripts(redis).claimTexts(keys.exactTexts(cid), ...args);
    const originals = candidates
      .map((b, i) => ({ input: b, first: proposalId(cid, firsts[i]!) }))
      .filter(({ input, first }) => first !== input.proposal.id);
    if (originals.length === 0) return;
    const pipeline = redis.pipeline();
    for (const o of originals) pipeline.hmget(keys.proposal(cid, parseProposalId(o.first)!.seq), 'ext', 'text', 'st');
    const rows = (await pipeline.exec()) ?? [];
    originals.forEach(({ input, first }, i) => {
      const [ext, text, status] = rows[i]![1] as (string | null)[];
      input.evidence.exactDuplicateOf = {
        id: first, externalId: ext ?? '', text: text ?? '', similarity: 1,
        ...(status ? { status: status as never } : {}),
      };
    });
  },
};

/** 96 bits of SHA-1: collisions are negligible at millions of texts and the hash field stays small. */
export function textHash(folded: string): string {
  return createHash('sha1').update(folded).digest('base64url').slice(0, 16);
}
