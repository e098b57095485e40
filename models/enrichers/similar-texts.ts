import type { CheckInput, NearestText } from '../checks/types.js';
import type { Similar } from '../schemas.js';
import { differsInMeaningMarkers, isCopyEdit, isShuffleOf } from '../similarity/features.js';
import type { Match } from '../store/similarity-index.js';
import { parseProposalId, proposalId } from '../proposal-id.js';
import type { Enricher } from './types.js';

/** A proposal joins the group ("idea") of its best earlier match from this similarity on (docs/QUALITY.md). */
export const GROUP_AT = 0.5;
export const MAX_SIMILAR = 5;

/** Registers each proposal in the consultation's similarity index (atomic per batch, first one wins) and fills
 * `evidence.similar` with its best earlier matches and `nearestText` with its closest one; groups it with its
 * best match when they say the same thing. */
export const similarTextsEnricher: Enricher = {
  id: 'similar_texts',
  provides: ['similar', 'nearestText'],
  async enrich(batch, { stores, registered }) {
    const inputs = batch.filter((b) => b.proposal.folded.length > 0);
    if (inputs.length === 0) return;
    const { id: cid, language } = inputs[0]!.consultation;
    const seqOf = (b: CheckInput) => parseProposalId(b.proposal.id)!.seq;
    const results = await stores.similarity.registerAndMatch(cid, language, inputs.map((b) => ({ seq: seqOf(b), folded: b.proposal.folded, text: b.proposal.text })), registered);
    const joins: { seq: number; target: number }[] = [];
    inputs.forEach((input, i) => {
      const matches = results[i]!;
      input.evidence.similar = matches.slice(0, MAX_SIMILAR).map((m) => toSimilar(cid, m, m.similarity));
      const closest = matches.reduce<Match | undefined>((best, m) => (!best || m.dice > best.dice ? m : best), undefined);
      if (closest) {
        input.evidence.nearestText = {
          of: toSimilar(cid, closest, closest.dice), dice: closest.dice,
          meaningDiffers: differsInMeaningMarkers(input.proposal.folded, closest.folded, language),
          copyEdit: isCopyEdit(closest.folded, input.proposal.folded, language),
          shuffled: isShuffleOf(closest.folded, input.proposal.folded, language),
        } satisfies NearestText;
      }
      const best = matches[0];
      if (best && best.similarity >= GROUP_AT) joins.push({ seq: seqOf(input), target: best.seq });
    });
    await stores.groups.join(cid, joins);
  },
};

function toSimilar(cid: string, m: Match, similarity: number): Similar {
  return {
    id: proposalId(cid, m.seq), externalId: m.externalId, text: m.text, similarity: Math.round(similarity * 1e4) / 1e4,
    ...(m.status ? { status: m.status } : {}),
  };
}
