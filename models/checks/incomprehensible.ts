import { analysed } from '../text/analysed.js';
import { isFrenchWord } from '../text/french-dictionary.js';
import { frenchModel, orderTokens } from '../text/french-model.js';
import { fastTextLanguages } from '../text/language-id.js';
import { foldText } from '../text/normalize.js';
import { bodyAfterOpening } from '../text/opening.js';
import { percent, quoteList } from './detail.js';
import type { Check, CheckResult } from './types.js';

/** A word outside the dictionary counts as gibberish when its letters are this unlike French (mean log2
 * probability per character; French words ≈ -2.4, names and neologisms rarely under -4, mashes ≈ -6). */
const GIBBERISH_CHAR_LOGPROB = -4;
const WORD_SALAD_MAX = 0.85;
/** fastText's probability for one foreign language above which unknown words are a real language, not gibberish
 * (the wrong_language check reports it) */
const REAL_LANGUAGE = 0.5;
/** Chat abbreviations and fillers that carry no proposal (the dictionary knows some of them, e.g. "lol"). */
const SMS = new Set([
  'lol', 'lolilol', 'mdr', 'ptdr', 'xptdr', 'jpp', 'jsp', 'osef', 'oklm', 'askip', 'tkt', 'wsh', 'wesh', 'pk', 'pq',
  'psk', 'pcq', 'cc', 'slt', 'bjr', 'dak', 'trkl', 'tmtc', 'omg', 'wtf', 'bi1', 'mouais', 'ouais', 'blabla', 'nn',
  'ui', 'koi', 'ki', 'tro', 'jtm', 'stp', 'xd', 'lmao', 'ptn', 'bg', 'frr', 'wallah', 'wlh', 'hihi', 'haha', 'ahah',
]);
const LAUGH_OR_STRETCH = /^(?:(?:a?h[aei])+h?|(?:lo)+l|md+r+|pt+d+r+|x+d+)$/;
/** Capitalised inside the text, camel case allowed (Qwant, DuckDuckGo): a name, which no dictionary lists */
const NAME = /^\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)*$/u;
/** GAFA, SNCF, RSA: acronyms are not in the dictionary either */
const ACRONYM = /^\p{Lu}{2,5}$/u;
/** What people type when they have nothing to propose (folded, the whole text) */
const NON_ANSWER = /^(?:(?:aucune?|pas d|sans) (?:idee|avis|connaissance|opinion|commentaire|proposition)s?|je ne sais pas|(?:je )?sais pas|rien a (?:dire|ajouter|proposer)|ras|neant|test|no comment|pas de reponse|je n ai pas d idee)$/;
const REPEATED = /(\p{L})\1{3,}/u;
const WORD = /\p{L}+(?:['-]\p{L}+)*/gu;
const ELISIONS = new Set(['l', 'd', 'j', 'n', 's', 'c', 'm', 't', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu']);

interface Signal { score: number; detail: string }

/**
 * Not a readable proposal: keyboard mashes and scrambled letters (words neither in the French dictionary nor
 * French-looking to a character model), word salads (real words in an order the word model finds no likelier
 * than random), SMS filler, nothing after the opening formula, letters repeated. The strongest signal wins.
 */
export const incomprehensibleCheck: Check = {
  id: 'incomprehensible',
  kind: 'scored',
  autoRejectAt: 0.9,
  run({ proposal, consultation }) {
    const text = analysed(proposal.normalized);
    const body = bodyAfterOpening(text, consultation);
    const words = body.match(WORD) ?? [];
    if (words.length === 0) {
      return { code: 'incomprehensible', score: 0.99, detail: 'aucun mot après la formule d’ouverture' };
    }
    const signals = [nonAnswer(body), gibberish(words), sms(words), wordSalad(text, body), repeated(body)]
      .filter((s): s is Signal => s !== null);
    if (signals.length === 0) return null;
    const best = signals.reduce((a, b) => (b.score > a.score ? b : a));
    // a real foreign language is not gibberish: the wrong_language check reports it
    const [guess] = fastTextLanguages(text);
    const foreign = guess !== undefined && guess.language !== consultation.language && guess.probability >= REAL_LANGUAGE;
    return { code: 'incomprehensible', score: foreign ? best.score / 2 : best.score, detail: best.detail } satisfies CheckResult;
  },
};

function gibberish(words: string[]): Signal | null {
  const model = frenchModel();
  const bad = words.filter((w, i) => !isKnown(w) && !isSms(w) && !ACRONYM.test(w) && !(i > 0 && NAME.test(w))
    && model.charLogProb(foldText(w).replace(/ /g, '')) < GIBBERISH_CHAR_LOGPROB);
  if (bad.length === 0) return null;
  const share = bad.length / words.length;
  // one odd word in a long text is a typo or a name; half the words is a mash or a scramble
  const score = Math.min(0.99, share * 2) * (bad.length === 1 && words.length > 3 ? 0.5 : 1);
  return { score, detail: `${percent(share)} des mots hors dictionnaire : ${quoteList(bad)}` };
}

function isKnown(word: string): boolean {
  if (isFrenchWord(word)) return true;
  const parts = word.split(/['-]/).filter((p) => p.length > 0);
  return parts.length > 1 && parts.every((p) => ELISIONS.has(p.toLowerCase()) || isFrenchWord(p));
}

function isSms(word: string): boolean {
  const lower = word.toLowerCase();
  return SMS.has(lower) || LAUGH_OR_STRETCH.test(lower);
}

function sms(words: string[]): Signal | null {
  const found = words.filter(isSms).map((w) => w.toLowerCase());
  if (found.length === 0) return null;
  const share = found.length / words.length;
  const score = found.length >= 2 || share >= 0.5 ? Math.min(0.99, 0.6 + share) : 0.35;
  return { score, detail: `langage SMS : ${quoteList(found)}` };
}

function wordSalad(text: string, body: string): Signal | null {
  // the opening formula stays in place: "Il faut" + a verb is French order, "Il faut" + anything is not
  const openingWords = text.split(' ').length - body.split(' ').length;
  const z = frenchModel().orderZ(orderTokens(text), openingWords);
  // z: standard deviations above random orders; French proposals are mostly above 3, shuffled words near 0.
  // Capped under autoRejectAt: a terse good proposal can score like a salad (1 in 4,000 on the dev data).
  const score = Math.min(WORD_SALAD_MAX, 0.75 - 0.3 * z);
  if (!(score >= 0.05)) return null;
  return { score, detail: `ordre des mots improbable (mots mélangés ?), écart ${z.toFixed(1)}` };
}

function nonAnswer(body: string): Signal | null {
  return NON_ANSWER.test(foldText(body)) ? { score: 0.6, detail: `non-réponse : « ${body} »` } : null;
}

function repeated(body: string): Signal | null {
  const run = REPEATED.exec(body);
  return run ? { score: 0.4, detail: `caractère répété : '${run[0]}'` } : null;
}
