import type { Consultation } from '../schemas.js';
import { foldText } from './normalize.js';

/** The opening formula most French consultations ask for; used when a French consultation requires none. */
export const USUAL_OPENING = 'Il faut';

/** The text without its opening formula (the consultation's required prefix, else "Il faut" in French), so
 * checks judge what the author added: "Il faut we're not ready" is English content behind a French formula. */
export function bodyAfterOpening(normalized: string, consultation: Consultation): string {
  const formula = consultation.rules.requiredPrefix ?? (consultation.language === 'fr' ? USUAL_OPENING : null);
  if (!formula) return normalized;
  const opening = foldText(formula).split(' ');
  const parts = normalized.split(' ');
  let i = 0;
  while (i < opening.length && i < parts.length && foldText(parts[i]!) === opening[i]) i++;
  return i === opening.length ? parts.slice(i).join(' ') : normalized;
}
