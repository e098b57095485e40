import { normalizeText } from '../text/normalize.js';
import { wordOrderDoubt } from './incomprehensible.js';
import { message, share } from './messages.js';
import type { Check } from './types.js';

/** From this Dice a text is a near copy that may be refused without a human — when, besides, no negation or number
 * differs and no content word was replaced by another: the synthetic near copies of the dev streams measured
 * ≥ 0.95, the closest distinct accepted proposals of vff ≤ 0.88, but short real rewordings of mondedapres
 * ("éviter" / "limiter les déplacements") reach 0.95 (docs/QUALITY.md, "Duplicates"). */
export const NEAR_COPY_AUTO_AT = 0.92;
/** From this Dice a moderator is told it looks like a copy; below, the texts are merely similar. */
export const NEAR_COPY_REVIEW_AT = 0.8;

/** The two bands on either side of the policy: a likely copy is suggested for rejection and goes to a moderator;
 * a copy in the very high band is as sure as a rule (and then named before a missing prefix, say). */
const AUTO_SCORE = 1;
const REVIEW_SCORE = 0.7;

/** Almost the same text (typos, case, accents, punctuation, a word dropped or swapped, "Il faudrait") was
 * proposed earlier in the consultation. Exact copies are the exact_duplicate check's. */
export const nearDuplicateCheck: Check = {
  id: 'near_duplicate',
  kind: 'scored',
  autoRejectAt: AUTO_SCORE,
  reads: ['nearestText', 'exactDuplicateOf'],
  run(input) {
    const nearest = input.evidence.nearestText;
    if (input.evidence.exactDuplicateOf || !nearest || nearest.dice < NEAR_COPY_REVIEW_AT) return null;
    // a word salad and the text it was made of share their bigrams, not their sense: a text that comes after the
    // shuffle of its own words (the earlier one reads as shuffled, it does not) is no copy of anything. The other
    // way round the later one may be a salad that only this finding catches (no word-order model outside French).
    if (nearest.shuffled && !nearest.copyEdit && wordOrderDoubt(normalizeText(nearest.of.text), input.consultation) > wordOrderDoubt(input.proposal.normalized, input.consultation)) return null;
    const auto = nearest.dice >= NEAR_COPY_AUTO_AT && !nearest.meaningDiffers && nearest.copyEdit;
    const language = input.consultation.language;
    const how = nearest.meaningDiffers ? 'duplicate.meaningDiffers' : nearest.copyEdit ? 'duplicate.nearCopy' : 'duplicate.closeRewording';
    return {
      code: 'duplicate',
      score: auto ? AUTO_SCORE : REVIEW_SCORE,
      detail: message(language, how, { id: nearest.of.externalId, text: nearest.of.text, share: share(language, nearest.dice) }),
    };
  },
};
