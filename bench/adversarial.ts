/**
 * Hostile texts of 5,000 characters (intake's limit) built to make a pattern backtrack or a loop go quadratic:
 * repeated character classes, mixed scripts, one long word, many spaces, and repetitions of what each check looks
 * for (links, e-mail signs, phone and IBAN digits, masked and spelled letters, quotes, threats). Used by the CPU
 * budget tests (test/unit/cpu-budget.test.ts) and `npm run bench:cpu`.
 */
import { prepareInput, runChecks } from '../models/pipeline.js';
import { consultationTerms, features, NO_STATS, proposalWords } from '../models/offtopic/features.js';
import type { Consultation } from '../models/schemas.js';
import { bandKeys, bigramProfile, contentTerms, dice, differsInMeaningMarkers, isCopyEdit } from '../models/similarity/features.js';
export const MAX = 5000;
/** No text may cost more CPU than this many typical proposals. */
export const BUDGET = 20;

const fill = (unit: string, prefix = 'Il faut ') => (prefix + unit.repeat(Math.ceil(MAX / unit.length))).slice(0, MAX);

export const ADVERSARIAL: readonly (readonly [name: string, text: string])[] = [
  ['Latin and Cyrillic alternating (the red-team text)', fill('aб')],
  ['one long Latin word', fill('a', '')],
  ['one long word of mixed scripts', fill('aбγअ文ع')],
  ['many spaces', fill(' ', 'Il faut').slice(0, MAX - 1) + 'x'],
  ['many one-letter words', fill('a ')],
  ['many short words', fill('ab cd ')],
  ['digits', fill('1')],
  ['digits and spaces', fill('12 ')],
  ['digits, dots and dashes', fill('06.12-')],
  ['dots', fill('.')],
  ['letters and dots', fill('a.')],
  ['letters and dashes', fill('a-')],
  ['hosts without a TLD', fill('ab-cd.')],
  ['TLD repeated', fill('.com')],
  ['host labels ending in a TLD', fill('a.fr')],
  ['link prefixes', fill('www.')],
  ['http prefixes', fill('http://')],
  ['at signs', fill('@')],
  ['letters and at signs', fill('a@')],
  ['e-mail look-alike', fill('a.b@c')],
  ['e-mail local part before a long word of look-alike letters (a fuzz find)', fill('ꓐ', 'a.b@')],
  ['IBAN look-alike', fill('FR76 1234 ')],
  ['address look-alike', fill('12 rue ')],
  ['National Insurance look-alike', fill('AB 12 34 ')],
  ['codice fiscale look-alike', fill('RSSMRA85T')],
  ['DNI look-alike', fill('12.345.678-')],
  ['phone with brackets and plus signs', fill('+(0)1 ')],
  ['street-word look-alike', fill('Abstraße ')],
  ['elisions', fill("l'")],
  ['masked letters', fill('c*')],
  ['masked words', fill('c*n ')],
  ['spelled letters', fill('c o ')],
  ['quotes', fill('«')],
  ['double quotes', fill('"a')],
  ['threat openings', fill('je vais te ')],
  ['group frames', fill('les ')],
  ['condemnation words', fill('traite de ')],
  ['stretched letters', fill('aaab')],
  ['combining marks', fill('a\u0301')],
  ['zalgo', fill('a\u0315\u031B\u0340\u0336')],
  ['emoji', fill('🌱')],
  ['invisibles between letters', fill('a\u200b')],
  ['blank fillers between letters', fill('a\u3164')],
  ['exclamation marks', fill('!')],
  ['question marks and ellipsis', fill('?…')],
  ['capitalised words', fill('Ab ')],
  ['hashtags', fill('#a')],
  ['leetspeak', fill('c0nn4rd ')],
  ['Arabic', fill('مرحبا ')],
  ['CJK', fill('我们需要')],
];

/** A typical proposal: the baseline every hostile text is compared with. */
export const TYPICAL = 'Il faut développer les pistes cyclables sécurisées entre les villages et le centre-ville, avec un éclairage la nuit';

/** The CPU work one proposal's text costs a triage worker, Redis aside: normalisation, every check, the lexical
 * fingerprints of the similarity index, its comparison with a near copy of itself (the costliest candidate a
 * verification meets: one typo at the end) and the off-topic features. */
export function textWork(text: string, consultation: Consultation): void {
  const input = prepareInput({ id: 'cpu~1', externalId: 'cpu-1', text }, consultation);
  runChecks(input);
  const { folded } = input.proposal;
  bandKeys(folded, consultation.language);
  const profile = bigramProfile(folded);
  contentTerms(folded, consultation.language);
  const copy = `${folded.slice(0, -1)}x`;
  dice(profile, bigramProfile(copy));
  differsInMeaningMarkers(folded, copy, consultation.language);
  isCopyEdit(copy, folded, consultation.language);
  const words = proposalWords(input.proposal.normalized, consultation.language);
  features(words, consultationTerms(consultation), NO_STATS);
}

/** CPU milliseconds (user + system) of this process while `work` runs `times` times, per run: unlike wall time,
 * it does not count the moments another process had the core — the machine is shared. */
export function cpuMs(work: () => void, times = 1): number {
  const start = process.cpuUsage();
  for (let i = 0; i < times; i++) work();
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000 / times;
}

/** How many typical proposals one text costs: the least of `rounds` interleaved measurements on each side
 * (typical ×10, text ×2, typical ×10, text ×2…), in CPU time. On a shared machine noise only adds (caches,
 * another process's memory traffic, a collection), so the least is the steadiest estimate of the cost itself. */
export function costRatio(text: string, consultation: Consultation, rounds = 7): { ratio: number; ms: number; typicalMs: number } {
  const typical: number[] = [];
  const hostile: number[] = [];
  // once unmeasured: a first run meets characters and words the memos have not seen yet
  textWork(text, consultation);
  for (let i = 0; i < rounds; i++) {
    typical.push(cpuMs(() => textWork(TYPICAL, consultation), 10));
    hostile.push(cpuMs(() => textWork(text, consultation), 2));
  }
  const ms = Math.min(...hostile);
  const typicalMs = Math.min(...typical);
  return { ratio: ms / typicalMs, ms, typicalMs };
}

/** The smallest of up to three measurements: over budget only when every one is (a busy moment of a shared
 * machine passes, a quadratic pattern does not). */
export function ratioOf(text: string, consultation: Consultation): { ratio: number; ms: number; typicalMs: number } {
  let best = costRatio(text, consultation);
  for (let attempt = 1; attempt < 3 && best.ratio > BUDGET; attempt++) {
    const again = costRatio(text, consultation);
    if (again.ratio < best.ratio) best = again;
  }
  return best;
}
