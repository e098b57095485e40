import { foldText } from '../text/normalize.js';
import { message } from './messages.js';
import type { Check } from './types.js';

/** The consultation's required opening ("Il faut"), compared without case, accents or punctuation:
 * "il faut" and "Il  faut," pass, "Il faudrait" and "Faut" do not. A prefix is the consultation's own setting, in
 * its language ("We should", "Wir sollten"…); no language has one by default (docs/QUALITY.md, "Languages"). */
export const prefixCheck: Check = {
  id: 'prefix',
  kind: 'rule',
  autoRejectAt: 1,
  run({ proposal, consultation }) {
    const required = consultation.rules.requiredPrefix;
    if (!required) return null;
    const prefix = foldText(required);
    if (prefix.length === 0) return null;
    const folded = proposal.folded;
    if (folded === prefix || folded.startsWith(prefix + ' ')) return null;
    return { code: 'missing_prefix', score: 1, detail: message(consultation.language, 'prefix.missing', { prefix: required }) };
  },
};
