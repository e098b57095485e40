/**
 * French content words for lexical matching: lower case, stop words out, Snowball stems with accents folded
 * afterwards (the stemmer's suffix rules need the accents, matching must not depend on them), so
 * "violences", "Violence" and "violent" meet, and "éducation" meets "education".
 */
import { memoiseWord } from './memo.js';
import { foldText, normalizeText } from './normalize.js';
import { frenchStem } from './stem.js';

/** Snowball's French stop list, folded, plus the words of the required "Il faut" opening and fillers that
 * every proposal uses whatever its subject. */
const STOP_WORDS = new Set(`
au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me meme mes moi mon ne nos
notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l a m n
s t y ete etee etees etes etant etais etait etions etiez etaient suis es est sommes etes sont serai seras sera
serons serez seront serais serait serions seriez seraient etais fus fut fumes futes furent sois soit soyons soyez
soient fusse fusses fut fussions fussiez fussent ayant eu eue eues eus ai as avons avez ont aurai auras aura aurons
aurez auront aurais aurait aurions auriez auraient avais avait avions aviez avaient eut eumes eutes eurent aie aies
ait ayons ayez aient eusse eusses eut eussions eussiez eussent ceci cela celle celles celui ceux cet cette ici ils
leurs quel quels quelle quelles sans soi faut falloir faudrait faudra fallait doit doivent devrait devraient
peut peuvent pourrait pourraient plus moins tres tout tous toute toutes aussi afin ainsi etc comme dont donc car
si non oui ne pas mettre faire fait faits place avoir etre chaque autre autres certains certaines cela
`.trim().split(/\s+/));

const WORD = /[\p{L}\p{N}]+/gu;

export interface ContentWord {
  stem: string;
  /** the first form met in the text, for explanations */
  word: string;
}

/** What matching needs of one lower-cased word: its folded form, whether it is a stop word, and its folded stem
 * when it is a content word (null otherwise). Memoised: folding and stemming every word of every proposal afresh
 * was about 5 % of a triage worker's CPU profile (content words and their folding, docs/PERFORMANCE.md). */
interface WordInfo { folded: string; stop: boolean; stem: string | null }

const wordInfo = memoiseWord((raw): WordInfo => {
  const folded = foldText(raw);
  const stop = STOP_WORDS.has(folded);
  if (folded.length < 2 || stop || /^\d+$/.test(folded)) return { folded, stop, stem: null };
  const stem = foldText(frenchStem(raw));
  return { folded, stop, stem: stem.length >= 2 ? stem : null };
});

const lowerCaseWords = (text: string) => normalizeText(text).toLowerCase().match(WORD) ?? [];

/** The distinct content words of a text by stem, in order of first appearance. */
export function contentWords(text: string): ContentWord[] {
  const byStem = new Map<string, string>();
  for (const raw of lowerCaseWords(text)) {
    const { stem } = wordInfo(raw);
    if (stem !== null && !byStem.has(stem)) byStem.set(stem, raw);
  }
  return [...byStem].map(([stem, word]) => ({ stem, word }));
}

/** The distinct stop words of a text, folded: they carry no subject, but their mix carries the register
 * ("je me suis senti…" narrates, "il faut…" proposes). */
export function functionWords(text: string): string[] {
  const seen = new Set<string>();
  for (const raw of lowerCaseWords(text)) {
    const { folded, stop } = wordInfo(raw);
    if (stop) seen.add(folded);
  }
  return [...seen];
}

export function contentStems(text: string): string[] {
  return contentWords(text).map((w) => w.stem);
}
