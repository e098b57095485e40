import { analysed } from '../text/analysed.js';
import { bodyAfterOpening } from '../text/opening.js';
import { eldGuess, fastTextLanguages, LATIN, lettersOf, mostlyOneLetter, OTHER_SCRIPT_SHARE, otherScriptShare, sureLanguage } from '../text/language-id.js';
import { memoiseWord } from '../text/memo.js';
import { message, nameOf, scriptName, share } from './messages.js';
import type { Check } from './types.js';

/** fastText's probability of the consultation's language under which it calls the text foreign (dev data:
 * 0.13 % of good proposals fall under 0.2, mostly two-word slogans such as "Acheter local"). */
const FASTTEXT_FOREIGN_BELOW = 0.2;
/** fastText's probability of the consultation's language from which the text is taken as in that language */
const CONFIDENT = 0.9;
/** The check's `namesRefusalAt`: from there a finding names a refusal another check decided. */
const NAMES_REFUSAL_AT = 0.7;
/** Both models call the text foreign, but neither is sure of its language on enough text ("mdr ok", "lol ok lol",
 * chat filler, gibberish): too little evidence to refuse the proposal, or to name a refusal, as written in another
 * language. The finding stays under namesRefusalAt for a moderator; incomprehensible, too_short and conversational
 * still judge the text. docs/QUALITY.md, "Too little text to refuse as foreign". */
const UNSURE_AT_MOST = 0.65;

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
    const letters = lettersOf(text);
    if (letters.length < 3) return null;
    const expected = consultation.language;
    const guesses = fastTextLanguages(text);
    const foreign = guesses.find((g) => g.language !== expected);
    const otherScript = otherScriptShare(letters);
    if (otherScript >= OTHER_SCRIPT_SHARE) {
      const oneLetter = mostlyOneLetter(letters);
      // one letter repeated ("ЖЖЖЖ", "ㅋㅋㅋㅋ") is in a script, in no language: gibberish is incomprehensible's to name
      const script = oneLetter ? mainScript(letters) : '';
      const written: { language: string } | { script: string } = oneLetter ? (script ? { script } : { language: '' }) : scriptLanguage(letters, foreign?.language ?? '');
      const detail = 'script' in written
        ? message(expected, 'language.script', { script: scriptName(expected, written.script), share: share(expected, otherScript) })
        : message(expected, 'language.otherScript', { language: nameOf(expected, written.language), share: share(expected, otherScript) });
      if (oneLetter) return { code: 'wrong_language', score: UNSURE_AT_MOST, detail, unsure: true };
      return { code: 'wrong_language', score: 0.99, detail, ...('language' in written && written.language ? { language: written.language } : {}) };
    }
    const pExpected = guesses.find((g) => g.language === expected)?.probability ?? 0;
    // ELD only looks again when fastText has a doubt (dev data: every wrong-language row is under 0.5)
    const body = pExpected >= CONFIDENT ? '' : bodyAfterOpening(text, consultation);
    const eld = pExpected >= CONFIDENT ? null : eldGuess(body);
    const fastTextForeign = pExpected < FASTTEXT_FOREIGN_BELOW;
    const eldForeign = eld !== null && eld.language !== '' && eld.language !== expected;
    if (!fastTextForeign && !eldForeign) return null;
    // the language a model that called the text foreign is sure of (models/text/language-id.ts), '' when none is or
    // the text is too short to tell: the finding then names no language
    const sure = sureLanguage(text, fastTextForeign ? foreign : undefined, eldForeign ? eld : null, body);
    const named = latinName(sure);
    // no language named, but some letters in another script ("Il faut réduire les impôts Привет мир"): that script
    const partly = named === '' && otherScript > 0 ? mainScript(letters) : '';
    const partlyDetail = () => message(expected, 'language.partlyScript', { script: scriptName(expected, partly), share: share(expected, otherScript) });
    if (fastTextForeign && eldForeign && foreign) {
      // Gibberish also looks foreign to both, but to no language in particular: a confident guess scores higher.
      const likely = 0.5 + 0.49 * foreign.probability;
      // a language in another script ("Il faut" + Korean) is evidence too, though not named on Latin text
      const score = sure ? likely : Math.min(likely, UNSURE_AT_MOST);
      const detail = partly ? partlyDetail() : message(expected, 'language.detected', { language: nameOf(expected, named) });
      return { code: 'wrong_language', score, detail, ...(named ? { language: named } : {}), ...(sure ? {} : { unsure: true }) };
    }
    return { code: 'wrong_language', score: 0.3, detail: partly ? partlyDetail() : message(expected, 'language.doubtful', { language: nameOf(expected, named) }) };
  },
};

/** The guess to name for a text in Latin letters, or '' (unknown) when that language is written in another script:
 * fastText calls keyboard mashes "Chinese" or "Russian", which a moderator would take at its word. The script is
 * ICU's likely script of the language (CLDR likely subtags), so every language fastText knows is covered. */
function latinName(code: string): string {
  return likelyScript(code) === 'Latn' ? code : '';
}

/** The writing systems a text mostly in another script is told by (ISO 15924), Japanese and Korean as a whole: kana
 * with or without kanji, hangul with or without hanja. */
const SCRIPTS = ['Hang', 'Hira', 'Kana', 'Hani', 'Cyrl', 'Grek', 'Hebr', 'Arab', 'Thai', 'Armn', 'Geor', 'Deva', 'Beng', 'Guru',
  'Gujr', 'Orya', 'Taml', 'Telu', 'Knda', 'Mlym', 'Sinh', 'Khmr', 'Laoo', 'Mymr', 'Ethi', 'Tibt', 'Thaa', 'Mong'] as const;
const SCRIPT_PATTERNS = SCRIPTS.map((code) => [code, new RegExp(`\\p{Script=${code}}`, 'u')] as const);
/** The one of SCRIPTS a letter is in, '' for none; memoised per letter: a text of 1,000 letters of a script outside
 * SCRIPTS tried the 28 patterns on each (a fifth of such a text's cost, issue 17's CPU budget). */
const scriptOf = memoiseWord((letter) => SCRIPT_PATTERNS.find(([, pattern]) => pattern.test(letter))?.[0] ?? '');
/** Scripts whose text is in one language whatever fastText guesses: a text in hangul is Korean, in kana Japanese, in
 * Greek letters Greek, in Hebrew letters Hebrew (a guess of Yiddish fits the script and is kept)… Cyrillic, Arabic, Han (Chinese or Japanese kanji), Devanagari (Hindi, Marathi, Nepali),
 * Bengali (Bengali, Assamese), Myanmar, Ethiopic (Amharic, Tigrinya), Tibetan and Mongolian are each written for
 * several languages: only the script is named when the guess is not one of them. */
const SCRIPT_LANGUAGE: Readonly<Partial<Record<string, string>>> = {
  Kore: 'ko', Jpan: 'ja', Grek: 'el', Hebr: 'he', Thai: 'th', Armn: 'hy', Geor: 'ka', Guru: 'pa', Gujr: 'gu', Orya: 'or',
  Taml: 'ta', Telu: 'te', Knda: 'kn', Mlym: 'ml', Sinh: 'si', Khmr: 'km', Laoo: 'lo', Thaa: 'dv',
};
/** The scripts a language's writing system is made of, where it is more than one (CLDR's likely script of the
 * language names the system: "ja" Jpan, "ko" Kore, "zh" Hans) */
const WRITING_SYSTEM: Readonly<Partial<Record<string, readonly string[]>>> = {
  Jpan: ['Jpan', 'Hani', 'Hira', 'Kana'], Kore: ['Kore', 'Hang', 'Hani'], Hans: ['Hani'], Hant: ['Hani'],
};

/** at least one in this many of a text's kana or hangul and Chinese characters is kana or hangul in Japanese or Korean */
const KANA_OR_HANGUL_AT_LEAST = 10;

/** The script most of a text's non-Latin letters are in (Jpan, Kore for Japanese and Korean), or '' when none of
 * SCRIPTS is. */
function mainScript(letters: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const ch of letters) {
    if (LATIN.test(ch)) continue;
    const script = scriptOf(ch);
    if (script) counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  const take = (codes: readonly string[]) => codes.reduce((n, code) => { const c = counts.get(code) ?? 0; counts.delete(code); return n + c; }, 0);
  const kana = (counts.get('Hira') ?? 0) + (counts.get('Kana') ?? 0);
  const hangul = counts.get('Hang') ?? 0;
  const [system, own, parts]: [string, number, readonly string[]] = hangul >= kana ? ['Kore', hangul, ['Hang']] : ['Jpan', kana, ['Hira', 'Kana']];
  // Japanese and Korean text is mostly kana or hangul; a few in Chinese ("我の店") leave it Chinese characters
  if (own > 0 && own * KANA_OR_HANGUL_AT_LEAST >= own + (counts.get('Hani') ?? 0)) counts.set(system, take([...parts, 'Hani']));
  let best = '';
  for (const [script, n] of counts) if (n > (counts.get(best) ?? 0)) best = script;
  return best;
}

/** What a text mostly in another script is written in: fastText's guess when its language is written in that
 * script (among the script's languages its guess is the best there is, at any length); else, the guess being wrong
 * whatever the text's length (Korean "大學生 입니다" is Chinese to it at 0.99, Korean chat "ㅋㅋㅋㅋ" and Greek capitals
 * "ΑΒΓΔ" English), the language the script alone tells (SCRIPT_LANGUAGE); else the script ("Cyrillic"); '' (unknown)
 * when the script is none of SCRIPTS and the guess is a language of Latin letters. */
function scriptLanguage(letters: readonly string[], guess: string): { language: string } | { script: string } {
  const script = mainScript(letters);
  const guessScript = likelyScript(guess);
  const fits = script === '' ? guessScript !== '' && guessScript !== 'Latn' : (WRITING_SYSTEM[guessScript] ?? [guessScript]).includes(script);
  if (fits) return { language: guess };
  const told = SCRIPT_LANGUAGE[script];
  if (told) return { language: told };
  return script === '' ? { language: '' } : { script };
}

/** ICU's likely script of a language (CLDR likely subtags: "ru" Cyrl, "ja" Jpan), '' when it has none. */
function likelyScript(code: string): string {
  try {
    return code === '' ? '' : new Intl.Locale(code).maximize().script ?? '';
  } catch {
    return '';
  }
}
