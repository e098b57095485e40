import type { Check } from './types.js';

/** Length rule of the consultation, counted in user-perceived characters of the normalised text. */
export const lengthCheck: Check = {
  id: 'length',
  kind: 'rule',
  autoRejectAt: 1,
  run({ proposal, consultation }) {
    const { minLength, maxLength } = consultation.rules;
    const length = graphemeCount(proposal.normalized);
    if (length < minLength) {
      return { code: 'too_short', score: 1, detail: `${length} caractères, minimum ${minLength}` };
    }
    if (length > maxLength) {
      return { code: 'too_long', score: 1, detail: `${length} caractères, maximum ${maxLength}` };
    }
    return null;
  },
};

const segmenter = new Intl.Segmenter('fr', { granularity: 'grapheme' });

/** Characters as a reader counts them: "é" written as e + combining accent, or an emoji, is one. */
export function graphemeCount(text: string): number {
  // Fast path: without surrogates or combining marks, code units are graphemes.
  if (!/[\uD800-\uDFFF\u0300-\u036F\u200D\uFE0F]/.test(text)) return text.length;
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}
