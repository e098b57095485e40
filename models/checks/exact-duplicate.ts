import { message } from './messages.js';
import type { Check } from './types.js';

/** The same text (up to case, accents, punctuation and spacing) was proposed earlier in the consultation. */
export const exactDuplicateCheck: Check = {
  id: 'exact_duplicate',
  kind: 'rule',
  autoRejectAt: 1,
  reads: ['exactDuplicateOf'],
  run({ evidence, consultation }) {
    const original = evidence.exactDuplicateOf;
    if (!original) return null;
    return { code: 'duplicate', score: 1, detail: message(consultation.language, 'duplicate.exact', { id: original.externalId, text: original.text }) };
  },
};
