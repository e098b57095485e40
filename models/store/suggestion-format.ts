/**
 * The suggestion as the proposal hash stores it (field `sug`): JSON with one-letter keys, and a reason's `check`
 * left out when it is the reason's own code (most are). The long-key JSON of the API cost ~250 bytes per proposal,
 * a third of its hash; this form is ~40 % shorter. Proposals stored before it keep the long form: both are read.
 */
import type { Reason, Suggestion } from '../schemas.js';

const SUGGESTION_KEYS = { outcome: 'o', confidence: 'c', reasons: 'r', mainReason: 'm', modelVersions: 'v', calibration: 'b' } as const;
const REASON_KEYS = { code: 'k', score: 's', detail: 'd', check: 'h', shadow: 'w', language: 'l' } as const;
const CALIBRATION_KEYS = { rawAcceptProbability: 'p', group: 'g', version: 'v' } as const;
/** `h` of a reason that had no check at all (absent `h` means: the check is the reason's code) */
const NO_CHECK = 0;

type Renames = Readonly<Record<string, string>>;
const invert = (map: Renames): Renames => Object.fromEntries(Object.entries(map).map(([long, short]) => [short, long]));
const LONG = { suggestion: invert(SUGGESTION_KEYS), reason: invert(REASON_KEYS), calibration: invert(CALIBRATION_KEYS) };

/** The object with its keys renamed by `map` (keys it does not name are kept as they are), in the same order. */
function renamed(obj: object, map: Renames): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) if (value !== undefined) out[map[key] ?? key] = value;
  return out;
}

export function encodeSuggestion(suggestion: Suggestion): string {
  const out = renamed(suggestion, SUGGESTION_KEYS);
  out.r = suggestion.reasons.map((reason) => {
    const short = renamed(reason, REASON_KEYS);
    if (reason.check === reason.code) delete short.h;
    else if (reason.check === undefined) short.h = NO_CHECK;
    return short;
  });
  if (suggestion.calibration) out.b = renamed(suggestion.calibration, CALIBRATION_KEYS);
  return JSON.stringify(out);
}

export function decodeSuggestion(raw: string): Suggestion {
  const stored = JSON.parse(raw) as Record<string, unknown>;
  if ('outcome' in stored) return stored as unknown as Suggestion; // the long form, written before this one
  const out = renamed(stored, LONG.suggestion);
  out.reasons = (stored.r as Record<string, unknown>[]).map((short) => {
    const reason = renamed(short, LONG.reason);
    if (!('h' in short)) reason.check = reason.code;
    else if (short.h === NO_CHECK) delete reason.check;
    return reason as unknown as Reason;
  });
  if (stored.b) out.calibration = renamed(stored.b as object, LONG.calibration);
  return out as unknown as Suggestion;
}
