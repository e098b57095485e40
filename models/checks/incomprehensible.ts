import { analysed } from '../text/analysed.js';
import { beginsWord, isWord } from '../text/dictionaries.js';
import { frenchModel, orderTokens } from '../text/french-model.js';
import { fastTextLanguages, lettersOf, mostlyOneLetter, OTHER_SCRIPT_SHARE, otherScriptShare, sureLanguage } from '../text/language-id.js';
import { foldText } from '../text/normalize.js';
import { bodyAfterOpening } from '../text/opening.js';
import { readsAsChat } from '../text/register.js';
import type { SupportedLanguage } from '../text/languages/registry.js';
import { quoteList } from './detail.js';
import { message, share as shareIn } from './messages.js';
import type { Consultation } from '../schemas.js';
import type { Check, CheckResult } from './types.js';

/** A word outside the dictionary counts as gibberish when its letters are this unlike French (mean log2
 * probability per character; French words ≈ -2.4, names and neologisms rarely under -4, mashes ≈ -6). */
const GIBBERISH_CHAR_LOGPROB = -4;
const WORD_SALAD_MAX = 0.85;
/** word orders of at most this many movable words, and the z credit they get (see wordSalad) */
const SHORT_ORDER = 5;
const SHORT_ORDER_CREDIT = 1;
/** the order test reads this many words at most (a 140-character proposal has about 25): it scores 25 orders of
 * them, so a 1,000-word text would cost 40 times a proposal for no better verdict */
const MAX_ORDER_TOKENS = 64;
const INFINITIVE = /^\p{L}{2,}(?:er|ir|re|oir)$/u;
/** a moderator's look, never a refusal alone: a sloppy writer can do it too */
const MISPLACED_CAPITAL = 0.6;
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
/** What people type when they have nothing to propose (folded, the whole text): "aucune remarque particulière",
 * "pas de commentaires", "rien à ajouter", "je ne sais pas"… — "no" + a word for a remark + an optional "further". */
const NOTHING = String.raw`(?:(?:je n ai |j ai |nous n avons )?(?:aucune?s?|pas d|pas de|sans|rien de|plus d|point d))`;
const REMARK = String.raw`(?:idee|avis|connaissance|opinion|commentaire|remarque|suggestion|proposition|observation|precision|information|reponse|complement|objection)s?`;
const FURTHER = String.raw`(?:particulier|particuliere|supplementaire|complementaire|de plus|a (?:ajouter|rajouter|formuler|faire|donner|apporter))s?`;
const SAY = String.raw`(?:dire|ajouter|rajouter|signaler|proposer|redire|declarer)`;
const NON_ANSWER = new RegExp(String.raw`^(?:${NOTHING} ${REMARK}(?: ${FURTHER})?|(?:je n ai )?rien (?:de plus )?a ${SAY}(?: de plus| de particulier)?|je ne sais pas|(?:je )?sais pas|ras|neant|test|no comment|sans objet|idem|nsp)$`);
/** A chat message that ends on the writer giving up or tiring of answering ("j'abandonne", "trop long, je laisse
 * tomber", "j'en ai marre", "je ne comprends pas la question"): a non-answer too, one that talks of the answering
 * rather than of the question. Only at the end and without an object, so "abandonner le glyphosate" is not one. */
const GIVING_UP = /(?:\b(?:j|je|d|de) abandonne(?:r)?|\blaisse(?:r)? tomber|\bj arrete(?: la| ici)?|\btrop long|\binterminable|\bras le bol|\bj en ai (?:vraiment )?marre|\bflemme|\b(?:comprends?|compris) (?:pas|rien) (?:a )?(?:la|cette|vos|votre|les|ces) questions?)$/;
/** Words that are never a name, so never capitalised inside a sentence, except by a shuffle of words that puts
 * a sentence's first word in the middle ("… publicité dans Il et limiter") */
const NEVER_CAPITALISED_INSIDE = new Set([
  'il', 'ils', 'elle', 'elles', 'le', 'la', 'les', 'un', 'une', 'des', 'du', 'de', 'et', 'ou', 'pour', 'dans', 'par', 'sur',
  'avec', 'que', 'qui', 'en', 'au', 'aux', 'ce', 'ces', 'cette', 'son', 'sa', 'ses', 'leur', 'leurs', 'faut', 'ne', 'pas',
  'mais', 'donc', 'car', 'est', 'sont',
]);
const CAPITALISED = /^\p{Lu}\p{Ll}*$/u;
/** after these a capital is a new sentence, a quotation or a list item */
const OPENS_SENTENCE = /[.!?:;…«"(\-–\/]$/u;
const REPEATED = /(\p{L})\1{3,}/u;
const WORD = /\p{L}+(?:['-]\p{L}+)*/gu;
/** Without a character model (every language but French), a word the dictionary lacks may still be a real one
 * (a rare compound, a loanword): the share of such words counts for less, so only a text mostly made of them
 * (60 % and more) is refused without a moderator; a keyboard mash is all of them. */
const UNKNOWN_SHARE_WEIGHT = { withCharModel: 2, dictionaryOnly: 1.5 } as const;
/** a link is not words: its parts ("https", "www", "com") are not looked up */
const LINK = /\b(?:https?:\/\/|www\.)\S*/giu;
/** a run of letters and digits: a code when it holds a digit ("12345678Z", "X1234567L", "CO2", "A380"), whose letters
 * are no words to look up (a national id's check letter read as a word the dictionary lacks) */
const ALPHANUMERIC = /[\p{L}\p{N}]+/gu;
const DIGIT = /\p{N}/u;
/** Common written abbreviations, which no word list holds (the French ones are in its list or look French). */
const ABBREVIATIONS: Partial<Record<SupportedLanguage, ReadonlySet<string>>> = {
  en: new Set(['etc', 'eg', 'ie', 'vs', 'approx', 'incl', 'govt', 'dept', 'min', 'max', 'info']),
  de: new Set(['zb', 'usw', 'bzw', 'etc', 'inkl', 'ggf', 'evtl', 'ca', 'bspw', 'insb', 'insbes', 'zzgl', 'ua', 'dh',
    'mwst', 'teilw', 'ggü', 'vgl', 'sog', 'ev', 'abs', 'nr', 'str', 'max', 'min', 'mind', 'tlw', 'inkl', 'jhd', 'bzgl']),
  es: new Set(['etc', 'ej', 'pej', 'aprox', 'ud', 'uds', 'sr', 'sra', 'dr', 'dra', 'admon']),
  it: new Set(['ecc', 'es', 'ca', 'sig', 'dott', 'ing', 'avv', 'pag', 'tel']),
};
/** elided words before an apostrophe ("l'égalité", "dell'acqua"), by language; English lists its contractions */
const ELISIONS: Partial<Record<SupportedLanguage, ReadonlySet<string>>> = {
  fr: new Set(['l', 'd', 'j', 'n', 's', 'c', 'm', 't', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu']),
  it: new Set(['l', 'd', 'c', 'm', 't', 's', 'v', 'n', 'un', 'dell', 'all', 'dall', 'nell', 'sull', 'coll', 'quest', 'quell', 'po']),
};

interface Signal { score: number; detail: string }

/**
 * Not a readable proposal: keyboard mashes and scrambled letters (words not in the consultation language's
 * dictionary; in French, also not French-looking to a character model), word salads (French: real words in an
 * order the word model finds no likelier than random), SMS filler, nothing after the opening formula, letters
 * repeated. The strongest signal wins. The character and word-order models and the non-answer phrases exist for
 * French only (trained on French proposals): in the other languages a shuffle is seen only by the punctuation it
 * breaks (`shuffleTraces`).
 */
export const incomprehensibleCheck: Check = {
  id: 'incomprehensible',
  kind: 'scored',
  autoRejectAt: 0.9,
  // below 0.6 the finding is mostly a foreign text read as French (its score is halved then): the refusal is
  // named incomprehensible from 0.6, where 109 of 126 dev refusals without "Il faut" were (bench:main-reason)
  namesRefusalAt: 0.6,
  run({ proposal, consultation }) {
    const language = consultation.language;
    const text = analysed(proposal.normalized);
    const body = bodyAfterOpening(text, consultation);
    const french = language === 'fr';
    const words = (french ? body : withoutCodes(body.replace(LINK, ' '))).match(WORD) ?? [];
    if (words.length === 0) {
      return { code: 'incomprehensible', score: 0.99, detail: message(language, 'incomprehensible.noWords') };
    }
    const answer = french ? nonAnswer(body, readsAsChat(proposal.normalized, proposal.folded, language)) : null;
    const signals = [answer, gibberish(words, language, french ? new Set() : shortenedWords(body, language)), sms(words, language),
      french ? wordSalad(text, body) : shuffleTraces(body, language), french ? misplacedCapital(body) : null, repeated(body, language)]
      .filter((s): s is Signal => s !== null);
    if (signals.length === 0) return null;
    const strongest = signals.reduce((a, b) => (b.score > a.score ? b : a));
    // a non-answer is what the text is, whatever else its few words look like (a doubtful word order)
    const best = answer ? { ...strongest, detail: answer.detail } : strongest;
    // A real foreign language is not gibberish: the wrong_language check reports it (this finding halved, under
    // namesRefusalAt). Real by that check's own rules: a text mostly in another script, or a language fastText is
    // sure of on enough words it knows (sureLanguage) — not a guess from the one word it knows ("lol ok lol ok":
    // English 0.63 from "ok"). ELD is not asked here: it calls French chat filler reliably another language ("Il faut
    // wsh grave"), which would halve 40 dev refusals of chat junk to review (docs/QUALITY.md).
    const [guess] = fastTextLanguages(text);
    const other = guess !== undefined && guess.language !== consultation.language ? guess : undefined;
    // a text made mostly of one letter ("ЖЖЖЖЖЖЖЖ") is in no language, whatever its script (nor is it to sureLanguage,
    // not asked then: fastText would read its one long word again)
    const letters = lettersOf(text);
    const foreign = otherScriptShare(letters) >= OTHER_SCRIPT_SHARE ? !mostlyOneLetter(letters) : sureLanguage(text, other, null) !== '';
    return { code: 'incomprehensible', score: foreign ? best.score / 2 : best.score, detail: best.detail } satisfies CheckResult;
  },
};

/** The text with its codes blanked out (French is left as it was measured: its character model reads them). */
const withoutCodes = (body: string): string => body.replace(ALPHANUMERIC, (run) => (DIGIT.test(run) ? ' ' : run));

/** How much the word order alone says "shuffled" (French: the word-order model; the other languages: the punctuation
 * a shuffle breaks), 0 when nothing: of two texts made of the same words, the more doubtful one is the shuffle
 * (models/checks/near-duplicate.ts). */
export function wordOrderDoubt(normalized: string, consultation: Consultation): number {
  const text = analysed(normalized);
  const body = bodyAfterOpening(text, consultation);
  const signal = consultation.language === 'fr' ? wordSalad(text, body) : shuffleTraces(body, consultation.language);
  return signal?.score ?? 0;
}

/** A word cut short and closed by a period ("landwirtsch.", "Verpfl.", "ländl.", "approx.", "aprox."): at least
 * this many letters of a listed word. Shorter cuts ("Bsp.", "ca.") are the listed abbreviations'. */
const MIN_SHORTENED = 4;
const SHORTENED = new RegExp(`(?<!\\p{L})(\\p{L}{${MIN_SHORTENED},})\\.(?!\\p{L})`, 'gu');

/** The words of the text written shortened with a period: the beginning of a word of the language. French is left
 * as it was measured (its character model reads such words). */
function shortenedWords(body: string, language: SupportedLanguage): ReadonlySet<string> {
  const found = new Set<string>();
  for (const [, word] of body.matchAll(SHORTENED)) if (beginsWord(language, word!)) found.add(word!);
  return found;
}

function gibberish(words: string[], language: SupportedLanguage, shortened: ReadonlySet<string>): Signal | null {
  // French only: a word the dictionary lacks may still look French (a neologism, a name in lower case)
  const unlike = language === 'fr' ? (w: string) => frenchModel().charLogProb(foldText(w).replace(/ /g, '')) < GIBBERISH_CHAR_LOGPROB : () => true;
  const bad = words.filter((w, i) => !isKnown(w, language) && !shortened.has(w) && !isSms(w) && !ACRONYM.test(w) && !(i > 0 && NAME.test(w)) && unlike(w));
  if (bad.length === 0) return null;
  const share = bad.length / words.length;
  // one odd word in a long text is a typo or a name; half the words is a mash or a scramble
  const weight = language === 'fr' ? UNKNOWN_SHARE_WEIGHT.withCharModel : UNKNOWN_SHARE_WEIGHT.dictionaryOnly;
  const score = Math.min(0.99, share * weight) * (bad.length === 1 && words.length > 3 ? 0.5 : 1);
  return { score, detail: message(language, 'incomprehensible.outOfDictionary', { share: shareIn(language, share), words: quoteList(bad) }) };
}

/** Languages whose writers borrow English words as they are ("Car-Sharing", "offshore", "Footprint", "il weekend",
 * "el marketing"), which their word lists lack: an English word is a word there, a foreign text is still the
 * wrong_language check's. French is left as it was measured (its character model reads such words). */
const BORROWS_ENGLISH: ReadonlySet<SupportedLanguage> = new Set(['de', 'es', 'it']);

/** A borrowed word has at least this many letters ("Car-Sharing"): the English list's shorter entries are mostly
 * interjections and abbreviations ("jo", "ok"), which are chat filler in a German text, not loans. */
const MIN_BORROWED = 3;

const isWordOf = (language: SupportedLanguage, word: string) => isWord(language, word)
  || (BORROWS_ENGLISH.has(language) && word.length >= MIN_BORROWED && isWord('en', word));

function isKnown(word: string, language: SupportedLanguage): boolean {
  if (isWordOf(language, word)) return true;
  if (ABBREVIATIONS[language]?.has(word.toLowerCase())) return true;
  const parts = word.split(/['-]/).filter((p) => p.length > 0);
  const elisions = ELISIONS[language];
  // "PV-Anlagen", "E-Bikes": outside French (whose figures were measured without it), an acronym or a letter is a
  // part of a hyphenated compound
  const acronym = (p: string) => language !== 'fr' && (ACRONYM.test(p) || p.length === 1);
  return parts.length > 1 && parts.every((p) => elisions?.has(p.toLowerCase()) || acronym(p) || isWordOf(language, p));
}

function isSms(word: string): boolean {
  const lower = word.toLowerCase();
  return SMS.has(lower) || LAUGH_OR_STRETCH.test(lower);
}

function sms(words: string[], language: SupportedLanguage): Signal | null {
  // the evidence quotes the author's words as written ("Pk", "MDR"): they are the text's own words, found in any case
  const found = words.filter(isSms);
  if (found.length === 0) return null;
  const share = found.length / words.length;
  const score = found.length >= 2 || share >= 0.5 ? Math.min(0.99, 0.6 + share) : 0.35;
  return { score, detail: message(language, 'incomprehensible.sms', { words: quoteList(found) }) };
}

function wordSalad(text: string, body: string): Signal | null {
  // the opening formula stays in place: "Il faut" + a verb is French order, "Il faut" + anything is not
  const openingWords = text.split(' ').length - body.split(' ').length;
  const tokens = orderTokens(text).slice(0, MAX_ORDER_TOKENS);
  const z = frenchModel().orderZ(tokens, openingWords);
  // z: standard deviations above random orders; French proposals are mostly above 3, shuffled words near 0.
  // A few words have few orders to beat, so even French stays closer to random (dev data: 11 % of good
  // proposals with 4–5 words to move are under 2.2, against 0.4 % of longer ones). Those that open the way a
  // proposal does, with an infinitive ("Stopper la 5G"), get that much credit; other short texts stay doubtful.
  const credit = tokens.length - openingWords <= SHORT_ORDER && opensWithInfinitive(body) ? SHORT_ORDER_CREDIT : 0;
  // Capped under autoRejectAt: a terse good proposal can score like a salad (1 in 4,000 on the dev data).
  const score = Math.min(WORD_SALAD_MAX, 0.75 - 0.3 * (z + credit));
  if (!(score >= 0.05)) return null;
  return { score, detail: message('fr', 'incomprehensible.wordOrder') };
}

/** Without a word-order model (every language but French), the traces a shuffle leaves in the punctuation, words
 * having moved with the punctuation stuck to them: a text that starts in lower case where a word ends a sentence
 * (. ! ?) mid-text and the next goes on in lower case ("begrünung aller wohnhausanlagen. an allen innenhöfe");
 * a bracket closed after a word before any was opened ("überschussstrom\") z.b. … (verbrauch"); numbered items out
 * of order ("2. reduktion … 3. erneuerbaren … 1. unsre"). Abbreviations ("max.", "z.B.") are short or listed, list
 * markers ("a)", "1)") are not words. Open dev streams: 2 of 818 accepted German comments and 1 of 479 English
 * ones show one, against 5 of 6 German and 2 of 3 English word salads. A moderator's look. */
const BROKEN_SENTENCE = /(?:^|\s)(\p{L}{4,})[.!?]+\s+\p{Ll}/u;
const CLOSES_AFTER_WORD = /\p{L}{2}["”»]?$/u;
const NUMBERED_ITEM = /(?:^|\s)(\d{1,2})\.(?=\s)/g;
/** fewer numbered items than this may be dates ("am 3. Mai und 1. Juni") */
const MIN_NUMBERED_ITEMS = 3;
const SHUFFLE_TRACE_SCORE = 0.3;

function shuffleTraces(body: string, language: SupportedLanguage): Signal | null {
  const broken = /^\p{Ll}/u.test(body) ? BROKEN_SENTENCE.exec(body) : null;
  const sentenceBroken = broken !== null && !ABBREVIATIONS[language]?.has(broken[1]!.toLowerCase());
  if (!sentenceBroken && !closesUnopened(body) && !numbersOutOfOrder(body)) return null;
  return { score: SHUFFLE_TRACE_SCORE, detail: message(language, 'incomprehensible.wordOrder') };
}

function closesUnopened(body: string): boolean {
  let open = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '(') open++;
    else if (body[i] === ')') {
      if (open === 0 && CLOSES_AFTER_WORD.test(body.slice(Math.max(0, i - 3), i))) return true;
      open = Math.max(0, open - 1);
    }
  }
  return false;
}

function numbersOutOfOrder(body: string): boolean {
  const numbers = [...body.matchAll(NUMBERED_ITEM)].map((m) => Number(m[1]));
  return numbers.length >= MIN_NUMBERED_ITEMS && numbers.some((n, i) => i > 0 && n < numbers[i - 1]!);
}

/** "Il", "Et", "Pour" inside a sentence: the first word of a sentence moved by a shuffle. Runs of capitals
 * ("La Poste", "Mise En Service") are names or titles, not shuffles. 1 of 6,960 good proposals (open dev streams). */
function misplacedCapital(body: string): Signal | null {
  const chunks = body.split(' ');
  for (let i = 1; i < chunks.length; i++) {
    const word = chunks[i]!.replace(/[,;:.!?]+$/, '');
    if (!CAPITALISED.test(word) || !NEVER_CAPITALISED_INSIDE.has(word.toLowerCase())) continue;
    if (OPENS_SENTENCE.test(chunks[i - 1]!) || /^\p{Lu}/u.test(chunks[i - 1]!) || /^\p{Lu}/u.test(chunks[i + 1] ?? '')) continue;
    return { score: MISPLACED_CAPITAL, detail: message('fr', 'incomprehensible.misplacedCapital', { word }) };
  }
  return null;
}

function opensWithInfinitive(body: string): boolean {
  const first = body.split(' ')[0] ?? '';
  return INFINITIVE.test(foldText(first)) && isWord('fr', first);
}

function nonAnswer(body: string, chat: boolean): Signal | null {
  const folded = foldText(body);
  return NON_ANSWER.test(folded) || (chat && GIVING_UP.test(folded)) ? { score: 0.6, detail: message('fr', 'incomprehensible.nonAnswer', { text: body }) } : null;
}

function repeated(body: string, language: SupportedLanguage): Signal | null {
  const run = REPEATED.exec(body);
  return run ? { score: 0.4, detail: message(language, 'incomprehensible.repeated', { run: run[0] }) } : null;
}
