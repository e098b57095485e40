/**
 * The insult lexicons, one per supported language, from maintained lists plus what they lack, all as `matchKey`
 * reads them (lower case, no accents, look-alikes read as the letter they imitate), so the same de-obfuscation
 * (models/text/confusables.ts, leetspeak, masks, spaced letters) works in every language.
 *
 * French:
 * - french-badwords-list (MIT): ~250 French insults and slurs (its leetspeak variants are dropped: the check
 *   undoes leetspeak itself);
 * - @2toad/profanity's French list (MIT) is a machine translation full of ordinary words ("feu", "pomme"); only
 *   its multi-word insults built on a french-badwords-list word are kept ("fils de pute", "trou du cul");
 * - our own additions below: common insults and slurs both lists miss.
 * Words that are also ordinary French ("sale", "punaise", "misérable"…) weigh almost nothing alone; after an
 * insult marker ("sale", "espèce de", "bande de") they count as insults. Political pejoratives weigh in between.
 *
 * English: @2toad/profanity's English list (MIT; the original list the package's other languages were machine-
 * translated from), its leetspeak spellings dropped, plus ours; German, Spanish, Italian: naughty-words
 * (Shutterstock's "List of Dirty, Naughty, Obscene, and Otherwise Bad Words", CC-BY-4.0, written by native
 * speakers) plus ours. Both lists mix insults with sexual and anatomical words and a few ordinary ones (English
 * "balls", "damn", "nazi"; German "nackt"; Spanish "martillo", "drogas"): those are WEAK below, worth almost
 * nothing alone, so a proposal about drugs, nudity or history is not refused for its subject.
 * Which and why: docs/QUALITY.md, "Toxic lexicons per language".
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { profaneWords } from '@2toad/profanity';
import { matchKey } from './confusables.js';
import type { SupportedLanguage } from './languages/registry.js';

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

/** The other languages: the list's words, ours, and the ordinary words among them. */
interface OtherLanguage { list: () => readonly string[]; own: readonly string[]; pejorative: readonly string[]; weak: readonly string[] }

const naughtyWords = (language: string) => (): readonly string[] =>
  JSON.parse(readFileSync(join(dirname(require.resolve('naughty-words/package.json')), `${language}.json`), 'utf8')) as string[];

const OTHER_LANGUAGES: Record<Exclude<SupportedLanguage, 'fr'>, OtherLanguage> = {
  en: {
    list: () => (profaneWords.get('en') ?? []).filter((w) => !/[\d$!+*_]/.test(w)),
    own: ['moron', 'imbecile', 'scumbag', 'dumbass', 'jackass', 'libtard', 'retarded', 'retards', 'wetback', 'spic',
      'kike', 'raghead', 'tranny', 'towelhead', 'shut up', 'go to hell', 'kill yourself', 'piece of shit', 'sand nigger',
      'twat', 'wanker', 'tosser', 'dickhead', 'douchebag', 'shithead', 'dipshit', 'asshat', 'fuckwit', 'cretin', 'halfwit',
      'chink', 'gook', 'paki', 'beaner', 'pikey', 'gyppo', 'feminazi', 'feminazis', 'rapefugee', 'rapefugees', 'lowlifes',
      'jungle bunny', 'porch monkey', 'go back to your country', 'go back where you came from'],
    pejorative: ['idiot', 'idiots', 'stupid', 'loser', 'losers', 'scum', 'traitor', 'traitors', 'libtards', 'snowflake', 'snowflakes', 'commie', 'commies',
      'lunatic', 'lunatics', 'thug', 'thugs', 'degenerate', 'degenerates', 'lowlife', 'freeloader', 'freeloaders', 'leftard', 'leftards',
      'invaders', 'clown', 'clowns', 'crook', 'crooks', 'nutjob', 'nutjobs', 'imbeciles', 'morons'],
    weak: ['anal', 'anus', 'balls', 'bloody', 'bum', 'butt', 'butts', 'crap', 'damn', 'lust', 'lusting', 'nazi', 'pawn',
      'penis', 'breasts', 'vagina', 'vulva', 'rectum', 'sex', 'porn', 'porno', 'pornos', 'pornography', 'viagra', 'sadist',
      'masochist', 'homo', 'cox', 'coon', 'dink', 'dinks', 'flange', 'hoes', 'muff', 'snatch', 'spunk', 'wang', 'willy',
      'willies', 'tit', 'screwing', 'poop', 'pissed', 'pecker', 'nob', 'fanny', 'shag', 'bugger', 'semen', 'labia',
      'clitoris', 'scrotum', 'testicle', 'testical', 'orgasm', 'orgasms', 'ejaculation', 'horny', 'boob', 'boobs', 'pawn',
      'cum', 'jap', 'hoar', 'kondum', 'kondums', 'pron', 'smut', 'turd', 'piss',
      // misspellings of insults that ordinary words become once a plural or an 'e' is taken off: "spaces", "who are"
      'spac', 'whoar'],
  },
  de: {
    list: naughtyWords('de'),
    own: ['vollidiot', 'vollidioten', 'missgeburt', 'drecksau', 'drecksack', 'dreckssau', 'schwachkopf', 'mistkerl',
      'spast', 'spasti', 'wixer', 'wichser', 'hurensohne', 'hurensöhne', 'arschlocher', 'arschlöcher', 'fotzen', 'nutten',
      'schlampen', 'kanaken', 'neger', 'zigeuner', 'kinderficker', 'volksverrater', 'volksverräter', 'halt die fresse',
      'halts maul', 'verpiss dich', 'fick dich', 'dreckspack', 'gesindel', 'abschaum',
      'vollpfosten', 'hohlkopf', 'dumpfbacke', 'schwachmat', 'spacko', 'spacken', 'hirnamputiert', 'hirnamputierte', 'pisser',
      'dreckskerl', 'drecksvolk', 'schlitzauge', 'kummelturke', 'kameltreiber', 'ziegenficker', 'judensau', 'untermensch',
      'untermenschen', 'volksschadling', 'volksschädlinge', 'sozialschmarotzer', 'missgeburten', 'arschgeige', 'arschkriecher',
      'gesocks', 'lumpenpack', 'kackbratze', 'wixxer', 'bastard', 'bastarde', 'linksversifft', 'linksversiffte', 'ökofaschisten',
      'halt dein maul', 'halt die klappe', 'hau ab', 'haut ab', 'verpisst euch'],
    pejorative: ['idiot', 'idioten', 'trottel', 'depp', 'deppen', 'dummkopf', 'penner', 'versager', 'luegner', 'lügner',
      'gutmensch', 'gutmenschen', 'bonze', 'bonzen', 'zecke', 'zecken', 'nazis', 'faschos',
      'bekloppt', 'bekloppte', 'bekloppten', 'dämlich', 'dämliche', 'hirnlos', 'hirnlose', 'hirni', 'honk', 'knallkopf', 'spinner',
      'schwachsinnig', 'dummschwätzer', 'lügenpresse', 'systempresse', 'asoziale', 'asozialen', 'assi', 'assis', 'pöbel',
      'volltrottel', 'klimakleber', 'klimaterroristen', 'klimahysteriker', 'ökoterroristen', 'schmarotzer', 'sippschaft'],
    weak: ['nackt', 'penis', 'orgasmus', 'nippel', 'porno', 'pinkeln', 'popel', 'mufti', 'rosette', 'kimme', 'bimbo',
      'kacke', 'kacken', 'fratze', 'lümmel', 'luemmel', 'onanieren', 'poppen', 'bumsen', 'pissen', 'milf', 'möpse',
      'moepse', 'morgenlatte', 'pack', 'scheisse', 'scheiße', 'reudig', 'schabracke', 'ische', 'dödel', 'doedel'],
  },
  es: {
    list: naughtyWords('es'),
    own: ['cabron', 'cabrones', 'pendejos', 'gilipollas', 'imbeciles', 'subnormal', 'subnormales', 'malparido',
      'hijos de puta', 'mongolo', 'tonto del culo', 'vete a la mierda', 'sudaca', 'sudacas', 'panchito',
      // the feminines the list lacks (Spanish plurals in -s, -es are read by the check itself)
      'cabrona', 'pendeja', 'bastarda', 'malparida', 'capullo', 'zorra', 'guarra', 'tarado', 'tarada', 'malnacido',
      'malnacida', 'negrata', 'tortillera', 'marimacho', 'feminazi', 'retrasado mental', 'hijo de perra', 'hija de perra',
      'hijos de perra', 'hijo de la gran puta', 'pedazo de mierda', 'pedazo de imbecil', 'pedazo de idiota', 'que te jodan',
      'que os jodan', 'vete al carajo', 'me cago en tu madre', 'cierra la boca', 'callate la boca', 'escoria humana'],
    pejorative: ['idiota', 'idiotas', 'imbecil', 'estupido', 'estupidos', 'payaso', 'inutil', 'inutiles', 'facha', 'fachas', 'perroflauta',
      'estupida', 'estupidas', 'payasa', 'tonto', 'tonta', 'cretino', 'cretina', 'necio', 'necia', 'zoquete', 'inepto',
      'inepta', 'sinverguenza', 'mentiroso', 'mentirosa', 'traidor', 'traidora', 'escoria', 'gentuza', 'chusma',
      'progre', 'mamon'],
    weak: ['asesinato', 'asno', 'caca', 'chupada', 'chupeton', 'concha', 'culo', 'drogas', 'esperma', 'heroina',
      'infierno', 'maciza', 'maldito', 'martillo', 'nazi', 'orina', 'pedo', 'pervertido', 'pezon', 'pinche', 'pis',
      'prostituta', 'racista', 'sadico', 'semen', 'sexo', 'sexo oral', 'travesti', 'trio', 'vulva', 'haciendo el amor',
      'tia buena', 'tetas grandes', 'coprofagia', 'mierda', 'mamada',
      // a colour before it is a political label ("semáforos rojos"): an insult after a marker ("malditos rojos")
      'rojos'],
  },
  it: {
    list: naughtyWords('it'),
    own: ['stronzi', 'coglioni', 'deficiente', 'deficienti', 'cretino', 'cretini', 'ritardato', 'mongoloide', 'negro',
      'negri', 'zingaro', 'zingari', 'figli di puttana', 'vaffanculo', 'fottiti', 'bastardo', 'bastardi', 'troie', 'puttane',
      // Italian plurals the list lacks (-o → -i, -a → -e, -e → -i are not read by the check)
      'stronze', 'cazzoni', 'coglionazzo', 'froci', 'culattoni', 'checche', 'busoni', 'ricchione', 'ricchioni', 'recchioni',
      'terroni', 'zoccole', 'mignotte', 'baldracche', 'minchioni', 'merdosi', 'cagne', 'cretina', 'cretine', 'mongoloidi',
      'negraccio', 'negracci', 'feminazi', 'pezzo di merda', 'pezzi di merda', 'figlio di troia', 'figli di troia',
      'testa di minchia', 'faccia di merda', 'faccia di culo', 'vai a cagare', 'vai a fare in culo', 'va fanculo',
      'fanculo', 'chiudi quella fogna', 'muso giallo', 'musi gialli'],
    pejorative: ['idiota', 'idioti', 'imbecille', 'imbecilli', 'buffone', 'buffoni', 'incapace', 'incapaci', 'zecche',
      'scemo', 'scemi', 'scema', 'sceme', 'buffona', 'pagliaccio', 'pagliacci', 'bugiardo', 'bugiardi', 'bugiarda',
      'traditore', 'traditori', 'feccia', 'marmaglia', 'gentaglia', 'inetto', 'inetti', 'sfigato', 'sfigati', 'buonisti',
      'sinistroidi'],
    weak: ['anale', 'bagnarsi', 'balle', 'battere', 'biga', 'brinca', 'cadavere', 'cagare', 'cesso', 'chiappa', 'cozza',
      'fava', 'femminuccia', 'monta', 'montare', 'nave scuola', 'palle', 'palloso', 'patacca', 'pesce', 'pippa', 'pipi',
      'pisciare', 'pisello', 'pistolotto', 'pompa', 'porca', 'porco', 'quaglia', 'regina', 'rizzarsi', 'sbattere',
      'sbattersi', 'sega', 'spagnola', 'tirare', 'topa', 'vacca', 'vangare', 'mannaggia', 'porca miseria', 'cacca',
      'boiata', 'bordello', 'cagata', 'casci', 'merda', 'ruffiano', 'lecchino', 'mona', 'ciospo', 'cornuto', 'tette', 'zinne',
      'pomiciare', 'scopare', 'fottere', 'porco zio', 'porco due',
      // history and party names before labels ("le vittime dei fascisti"): insults after a marker ("maledetti comunisti")
      'fascista', 'fascisti', 'comunisti'],
  },
};

const lexicons = new Map<SupportedLanguage, ToxicLexicon>();

/** The lexicon of a consultation's language (French by default), built on first use. */
export function toxicLexicon(language: SupportedLanguage = 'fr'): ToxicLexicon {
  let lexicon = lexicons.get(language);
  if (!lexicon) lexicons.set(language, lexicon = language === 'fr' ? buildFrench() : buildOther(OTHER_LANGUAGES[language]));
  return lexicon;
}

function buildOther({ list, own, pejorative, weak }: OtherLanguage): ToxicLexicon {
  // German ß as ss, as the check reads it
  const key = (entry: string) => matchKey(entry).replace(/ß/g, 'ss');
  const ordinary = new Set(weak.map(key));
  const words = new Map<string, number>();
  const phrases: string[] = [];
  for (const entry of [...list(), ...own].map(key)) {
    if (entry.length === 0 || ordinary.has(entry)) continue;
    if (entry.includes(' ')) phrases.push(entry);
    else words.set(entry, WEIGHT.insult);
  }
  for (const entry of ordinary) if (!entry.includes(' ')) words.set(entry, WEIGHT.ordinary);
  for (const entry of pejorative.map(key)) words.set(entry, WEIGHT.pejorative);
  return { words, phrases: [...new Set(phrases)] };
}

function buildFrench(): ToxicLexicon {
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
