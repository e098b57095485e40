/**
 * The insult lexicon, from maintained lists plus what they lack, all as `matchKey` reads them (lower case, no
 * accents, look-alikes read as the letter they imitate):
 * - french-badwords-list (MIT): ~250 French insults and slurs (its leetspeak variants are dropped: the check
 *   undoes leetspeak itself);
 * - @2toad/profanity's French list (MIT) is a machine translation full of ordinary words ("feu", "pomme"); only
 *   its multi-word insults built on a french-badwords-list word are kept ("fils de pute", "trou du cul");
 * - our own additions below: common insults and slurs both lists miss.
 * Words that are also ordinary French ("sale", "punaise", "misérable"…) weigh almost nothing alone; after an
 * insult marker ("sale", "espèce de", "bande de") they count as insults. Political pejoratives weigh in between.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { profaneWords } from '@2toad/profanity';
import { matchKey } from './confusables.js';

const require = createRequire(import.meta.url);

const OWN_INSULTS = [
  'attarde', 'attardes', 'mongolien', 'gogol', 'triso', 'abruti',
  'gauchiasse', 'racaille', 'bamboula', 'macaque', 'bougnoule', 'sous race', 'ching chong', 'fils de chien',
  'ta gueule', 'ferme ta gueule', 'nique ta mere', 'ntm', 'fdp', 'tg', 'pd', 'sale pute', 'salope', 'connard',
  'conasse', 'batard', 'enfoire', 'encule', 'chienne', 'trou du cul', 'tapette', 'pedale', 'ordure',
];

/** Pejoratives: insults that are also a nationality or a plain adjective (mongol, débile), and labels for
 * political opponents — not always an insult, always the tone of an attack. */
const PEJORATIVE = [
  'idiot', 'degenere', 'debile', 'mongol', 'mongols', 'racaille', 'bouffon', 'clochard',
  'gauchiste', 'gauchistes', 'gaucho', 'gauchos', 'facho', 'fachos', 'islamogauchiste', 'bobo', 'bobos',
];

/** Ordinary French words the lists contain: an insult only in an insulting construction. */
const WEAK = [
  'sale', 'cul', 'pet', 'coche', 'gourde', 'manche', 'punaise', 'magot', 'raton', 'crotte', 'minable', 'bordel',
  'gland', 'fumier', 'lavette', 'cons', 'con', 'pouf', 'beauf', 'chauffard', 'pourriture', 'branque', 'plouc',
  'miserable', 'minus', 'fritz', 'rosbif', 'trainee', 'epais', 'cricri', 'pleutre', 'vaurien', 'godon', 'marchandot',
  'moinaille', 'pecque', 'patarin', 'bougre', 'courtaud', 'croûton', 'crouton', 'gaupe', 'nase', 'naze', 'pisseux',
  'porcas', 'ripopee', 'roulure', 'sagouin', 'satrouille', 'tocard', 'merde', 'putain',
  'crevure', 'chien', 'pd', 'tg', 'niaiseux', 'ordure',
  'kikoo', 'kikou', 'makoume', 'pakos', 'chachar', 'cafre', 'caldoche', 'coche', 'stearique', 'monacaille',
];

/** How much one use of a word says the text is toxic. */
export const WEIGHT = { insult: 0.9, pejorative: 0.25, ordinary: 0.05 } as const;

export interface ToxicLexicon {
  /** folded single words → their weight (WEIGHT) */
  words: Map<string, number>;
  /** folded multi-word expressions, all strong */
  phrases: string[];
}

let lexicon: ToxicLexicon | null = null;

export function toxicLexicon(): ToxicLexicon {
  return lexicon ??= build();
}

function build(): ToxicLexicon {
  const listFile = join(dirname(require.resolve('french-badwords-list')), '..', 'list.txt');
  const badwords = readFileSync(listFile, 'utf8').split('\n').filter((w) => /^[\p{L}' -]+$/u.test(w)).map(matchKey);
  const known = new Set(badwords);
  const phrases2toad = (profaneWords.get('fr') ?? []).map(matchKey)
    .filter((p) => p.includes(' ') && p.split(' ').some((w) => known.has(w)));
  const weak = new Set(WEAK.map(matchKey));
  const words = new Map<string, number>();
  const phrases: string[] = [];
  for (const entry of [...badwords, ...phrases2toad, ...OWN_INSULTS.map(matchKey)]) {
    if (entry.includes(' ')) phrases.push(entry);
    else if (entry.length > 0) words.set(entry, weak.has(entry) ? WEIGHT.ordinary : WEIGHT.insult);
  }
  for (const entry of PEJORATIVE) words.set(entry, WEIGHT.pejorative);
  return { words, phrases: [...new Set(phrases)] };
}
