import { analysed } from '../text/analysed.js';
import { bodyAfterOpening } from '../text/opening.js';
import { eldGuess, fastTextKnownWords, fastTextLanguages, type EldGuess, type LanguageGuess } from '../text/language-id.js';
import { message, nameOf, share } from './messages.js';
import type { Check } from './types.js';

/** fastText's probability of the consultation's language under which it calls the text foreign (dev data:
 * 0.13 % of good proposals fall under 0.2, mostly two-word slogans such as "Acheter local"). */
const FASTTEXT_FOREIGN_BELOW = 0.2;
/** fastText's probability of the consultation's language from which the text is taken as in that language */
const CONFIDENT = 0.9;
/** Text mostly in another script (CJK, Hangul, Cyrillic…) cannot be in a Latin-script consultation language. */
const OTHER_SCRIPT_SHARE = 0.5;
/** A text of fewer words names no language (the finding stays): on one or two words both models guess from one word
 * (fastText gives "lol ok" the answer of "ok" alone, and words it does not know its prior, English 0.125 then
 * Catalan 0.086), and ELD's own reliability test asks for 3 n-grams. docs/QUALITY.md, "Which language…". */
const MIN_WORDS_TO_NAME = 3;
/** fastText is sure of a language it finds likelier than all the others together, on as many words it knows. */
const FASTTEXT_SURE = 0.5;
/** The check's `namesRefusalAt`: from there a finding names a refusal another check decided. */
const NAMES_REFUSAL_AT = 0.7;
/** Both models call the text foreign, but neither is sure of its language on enough text ("mdr ok", "lol ok lol",
 * chat filler, gibberish): too little evidence to refuse the proposal, or to name a refusal, as written in another
 * language. The finding stays under namesRefusalAt for a moderator; incomprehensible, too_short and conversational
 * still judge the text. docs/QUALITY.md, "Too little text to refuse as foreign". */
const UNSURE_AT_MOST = 0.65;
const LETTERS = /\p{L}/gu;
const LATIN = /\p{Script=Latin}/u;

/**
 * The proposal is not in the consultation's language. Two models must agree to make it likely: fastText on the
 * whole text, and ELD on the text after its opening formula — the rule for mixed text ("Il faut" + a foreign
 * sentence). One model alone only sends the proposal to a moderator.
 */
export const wrongLanguageCheck: Check = {
  id: 'wrong_language',
  kind: 'scored',
  // dev data, held-out part: precision 1.000 (126 of 126 rejects), recall 0.91 of wrong_language (docs/QUALITY.md)
  autoRejectAt: 0.8,
  // from 0.7 one of the two models is sure: 250 of 258 dev refusals without "Il faut" were in another language
  // (below, mostly gibberish that looks foreign: incomprehensible)
  namesRefusalAt: NAMES_REFUSAL_AT,
  run({ proposal, consultation }) {
    const text = analysed(proposal.normalized);
    const letters = text.match(LETTERS) ?? [];
    if (letters.length < 3) return null;
    const expected = consultation.language;
    const guesses = fastTextLanguages(text);
    const foreign = guesses.find((g) => g.language !== expected);
    const otherScript = letters.filter((ch) => !LATIN.test(ch)).length / letters.length;
    if (otherScript >= OTHER_SCRIPT_SHARE) {
      const language = nameOf(expected, foreign?.language ?? '');
      const detail = message(expected, 'language.otherScript', { language, share: share(expected, otherScript) });
      return { code: 'wrong_language', score: 0.99, detail, ...(foreign ? { language: foreign.language } : {}) };
    }
    const pExpected = guesses.find((g) => g.language === expected)?.probability ?? 0;
    // ELD only looks again when fastText has a doubt (dev data: every wrong-language row is under 0.5)
    const eld = pExpected >= CONFIDENT ? null : eldGuess(bodyAfterOpening(text, consultation));
    const fastTextForeign = pExpected < FASTTEXT_FOREIGN_BELOW;
    const eldForeign = eld !== null && eld.language !== '' && eld.language !== expected;
    if (!fastTextForeign && !eldForeign) return null;
    const sure = sureGuess(text, fastTextForeign ? foreign : undefined, eldForeign ? eld : null);
    const named = latinName(sure);
    if (fastTextForeign && eldForeign && foreign) {
      // Gibberish also looks foreign to both, but to no language in particular: a confident guess scores higher.
      const likely = 0.5 + 0.49 * foreign.probability;
      // a language in another script ("Il faut" + Korean) is evidence too, though not named on Latin text
      const score = sure ? likely : Math.min(likely, UNSURE_AT_MOST);
      const detail = message(expected, 'language.detected', { language: nameOf(expected, named) });
      return { code: 'wrong_language', score, detail, ...(named ? { language: named } : {}), ...(sure ? {} : { unsure: true }) };
    }
    return { code: 'wrong_language', score: 0.3, detail: message(expected, 'language.doubtful', { language: nameOf(expected, named) }) };
  },
};

/** The language a model that called the text foreign is sure of (fastText's first), '' when none is or the text is
 * too short to tell: the finding then names no language. */
function sureGuess(text: string, fastText: LanguageGuess | undefined, eld: EldGuess | null): string {
  if (wordCount(text) < MIN_WORDS_TO_NAME) return '';
  if (fastText && fastText.probability >= FASTTEXT_SURE && fastTextKnownWords(text, MIN_WORDS_TO_NAME) >= MIN_WORDS_TO_NAME) {
    return fastText.language;
  }
  return eld?.reliable ? eld.language : '';
}

/** Whitespace-separated tokens with a letter ("bi1" counts, "06" does not). */
function wordCount(text: string): number {
  return text.split(/\s+/).filter((token) => /\p{L}/u.test(token)).length;
}

/** The guess to name for a text in Latin letters, or '' (unknown) when that language is written in another script:
 * fastText calls keyboard mashes "Chinese" or "Russian", which a moderator would take at its word. The script is
 * ICU's likely script of the language (CLDR likely subtags), so every language fastText knows is covered. */
function latinName(code: string): string {
  try {
    return code !== '' && new Intl.Locale(code).maximize().script === 'Latn' ? code : '';
  } catch {
    return '';
  }
}
