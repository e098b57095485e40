import { analysed } from '../text/analysed.js';
import { isWord } from '../text/dictionaries.js';
import { hasBlanks, matchKey, skeleton, undoLeet, withoutBlanks } from '../text/confusables.js';
import { normalizeText, words as splitWords } from '../text/normalize.js';
import { memoiseWord } from '../text/memo.js';
import { readsAsChat } from '../text/register.js';
import type { SupportedLanguage } from '../text/languages/registry.js';
import { toxicLexicon, WEIGHT, type ToxicLexicon } from '../text/toxic-lexicon.js';
import { quoteList } from './detail.js';
import { message } from './messages.js';
import { quoter, wordAt, wordOffsets } from '../text/written.js';
import type { Check, CheckResult } from './types.js';

const EDGE_PUNCTUATION = /^[!?.,;:]+|[!?.,;:]+$/g;
/** letters hidden by a mask ("c*nnard", "enc*lé") or cut by a dot, dash or underscore ("enc.ulé", "p-u-t-e") */
const MASK = /[*_.·-]/;
/** fewer visible letters than this leave too many insults possible ("p***") */
const MIN_UNMASKED = 3;
/** a cut word shorter than this could be two ordinary words ("ta re" → "tare") */
const MIN_CUT = 6;
/** People named by what hate speech targets — origin, religion, sexual orientation or gender identity, disability
 * (the target attributes of hate-speech annotation, e.g. MLMA, Ousidhoum et al. 2019) — with no judgement in the
 * word itself. Proposals name them too ("accueillir les réfugiés"), so a mention alone says nothing; in a chat
 * message it is what the message is about, and such messages are refused for what they say of those people
 * (French dev streams: 178 of 288 toxic tweets, no accepted proposal nor other refusal). */
const IDENTITY = /^(?:arabe|noire?|africaine?|maghrebine?|immigree?|immigration|migrante?|refugiee?|rom|gitane?|asiatique|chinoise?|rebeu|renoi|babtou|beur|beurette|noich|juif|juive|judaisme|musulmane?|islam|islamique|islamiste|islamisation|africanisation|antisemite|antisemitisme|sioniste|homo|homosexuel(?:le)?|homosexualite|homophobe|homophobie|gay|lesbienne|trans|transgenre|trans?sexuel(?:le)?|trans?sexualite|lgbt|lgbtq|handicapee?|trisomique|mongol|autiste)s?$/;
// a quotation ends at its closing mark or where another opens: "«««…" without a close stays linear
const QUOTED = /«([^«»]*)»|"([^"]*)"|“([^“”]*)”|„([^“”]*)[“”]/gu;
/** an address ("du", "you") reaches a pejorative this many words on: "du bist so ein Idiot", "you are such a loser" */
const ADDRESS_REACH = 4;

/**
 * How each language builds an insult, a threat or hate beyond its words, all read on `toxicTokens` (lower case, no
 * accents). Each is a general description of the language, not of any text seen:
 * - `markers`: after them an ordinary or pejorative word is aimed at someone ("sale con", "espèce de minable",
 *   "dreckiges Pack", "fucking loser");
 * - `address`: a pronoun that speaks to someone; a pejorative, vermin or animal word within ADDRESS_REACH words after
 *   it is an insult ("du … Idiot", "ihr Idioten", "you … idiot");
 * - `predicate`: the two words before a word said of people ("vous êtes des …", "du bist ein …", "they are …");
 * - `groups`: ethnic, religious or sexual groups, as targets; `groupMarkers` make an insult of them ("sale arabe",
 *   "dreckige Türken", "dirty jews"); `groupSlang`: names of groups proposals do not use (a moderator's look);
 * - `generalisation`: a whole group as subject or object ("les arabes", "diese Ausländer", "all muslims"): the frame
 *   of most hate speech, rare in proposals — a moderator's look;
 * - `vermin` and `animals` said of people ("diese Affen", "they are animals"): never alone (a proposal may be about
 *   rats in cellars or pigs in stables);
 * - `threat`: violence aimed at people; `condemnation`: the words that frame an insult as reported or condemned,
 *   not said ("punir ceux qui traitent les femmes de …", "Beleidigungen im Netz bestrafen").
 */
interface Constructions {
  markers: ReadonlySet<string>;
  /** demonstratives and pronouns right before a pejorative or vermin word aim it at people ("diese Idioten", "you
   * morons"); unlike markers they leave ordinary words alone ("these sex offenders") */
  pointers: ReadonlySet<string>;
  address: ReadonlySet<string>;
  predicate: RegExp | null;
  /** whether an ordinary word after the predicate is an insult (French "sont des cons"), or only a pejorative */
  predicateTakesOrdinary: boolean;
  groups: RegExp | null;
  groupMarkers: ReadonlySet<string>;
  groupSlang: RegExp | null;
  generalisation: RegExp | null;
  /** vermin said of people: an insult after a marker, a pointer, an address or a predicate */
  vermin: ReadonlySet<string>;
  /** animals a proposal may well be about ("diese Schweine brauchen Auslauf"): an insult only when addressed or
   * predicated of people, or as the last part of a German compound whose head is a group ("Türkensau") */
  animals: ReadonlySet<string>;
  /** the threat regexp; a first capture, when present, must be a group for the match to count ("tuer les …") */
  threat: RegExp | null;
  condemnation: RegExp | null;
  /** a verb that bans or expels: right before a whole group it aims at the group, not at an insult ("ban all
   * muslims", "interdire les arabes"), so the group counts even after a condemnation frame */
  bans: RegExp;
  /** whether a whole group written in title case in mid-sentence is a name ("the fans of the All Blacks", "In NZ
   * (All Blacks)": the rugby team): English title-cases names, not "all"; other languages are not read so */
  titleCaseNames: boolean;
  /** whether word `i`, an insult of the lexicon, is an innocent word spelt like it and used as that word, told by
   * the words around it (`written`: token `i` as the author wrote it, accents and capitals kept): French "je
   * m'attarde" (a verb), "la pédale de frein" (a noun); null: no such insult in the language's lexicon */
  innocentReading: ((tokens: readonly string[], i: number, written: (i: number) => string) => boolean) | null;
}

const words = (list: string): ReadonlySet<string> => new Set(list.split(/\s+/).filter(Boolean));
const NONE: ReadonlySet<string> = new Set();

/**
 * French insults spelt like a form of an innocent verb once accents are gone, as the check reads every word:
 * "attardé(e)(s)" (a slur for the mentally disabled) is "(je m')attarde", "(tu t')attardes", "(nous nous sommes)
 * attardés" of s'attarder, to linger; "pédale" (a homophobic slur) is "(je) pédale" of pédaler; "dégénéré"
 * (pejorative) is "(ça) dégénère" of dégénérer. `pronominal`: the verb is used with a reflexive pronoun (s'attarder);
 * else it is used without (pédaler, dégénérer).
 *
 * Decision: the verb is told from the insult by the words before it, never by accents nor by the word's own spelling.
 * Accents cannot decide: insults are written without them ("espèce d'attarde") and the verb's participle has them
 * ("je me suis attardé"); and a verb reading must not be a way around the check, so it holds only in a clause built
 * like a verb's: a reflexive pronoun (m', t', s', me, te, se; "nous nous", "vous vous") right before, or a subject
 * pronoun (je, tu, il, on, qui…) for a verb used without one, or "ne"; "y"/"en" may come between ("je m'y attarde");
 * a participle counts after an auxiliary of such a clause — être after a reflexive pronoun ("il s'est attardé", "je
 * ne me suis pas attardé"), avoir after a subject ("j'ai pédalé"), with "pas", "plus", "jamais"… between. Every other
 * use stays the insult, however spelt: "espèce d'attardé", "les attardés", "c'est un attardé", "4tt4rdé", "sale
 * pédale", and "t'es attardé", "vous êtes attardés", "il est attardé" (être after a subject, not a reflexive
 * pronoun, says what someone is: "t'" before être is "tu" unless "tu" comes first, "tu t'es attardé"). A verb used
 * without a reflexive pronoun takes avoir, whatever its subject: "la dispute a dégénéré", "les débats ont dégénéré"
 * (the insult is said with être, "il est dégénéré"; "à" + a bare insult is no French, and "à pédales" is the noun).
 * An inverted subject reads the verb too ("dégénère-t-il", "pédale-t-on").
 * One spelling decides, the other way only: a form only the verb writes (`verbSpelling`), "dégénère(s)" with its
 * grave accent, is the present tense of dégénérer after any subject ("la situation dégénère", "le débat dégénère"),
 * never the insult, which is "dégénéré(e)(s)" or written without accents; unaccented ("la situation degenere") it
 * stays a weak finding. The noun "pédale" (a pedal) and "tapette" (a swatter, a trap) are told apart by
 * frenchThingNoun.
 */
const VERB_HOMOGRAPHS: readonly { forms: RegExp; pronominal: boolean; verbSpelling?: RegExp }[] = [
  { forms: /^attarde(?:e?s?)$/, pronominal: true },
  { forms: /^pedale(?:e?s?)$/, pronominal: false },
  { forms: /^degenere(?:e?s?)$/, pronominal: false, verbSpelling: /^d[ée]g[ée]n[èÈ]res?$/iu },
];
const REFLEXIVE = words('me m te t se s');
const PLURAL_REFLEXIVE = words('nous vous');
const SUBJECT = words('je j tu il elle on ils elles ca cela qui');
const NEGATION = words('ne n');
/** pronouns between the reflexive or subject pronoun and the verb ("je m'y attarde", "il n'en pédale pas moins") */
const ADVERBIAL_PRONOUNS = words('y en');
/** between an auxiliary and its participle ("je ne me suis pas attardé", "il a beaucoup pédalé") */
const BETWEEN_AUXILIARY = words('pas plus jamais point guere trop tant longtemps beaucoup bien deja toujours souvent assez');
const ETRE = words(`suis es est sommes etes sont etais etait etions etiez etaient serai seras sera serons serez seront
  serais serait serions seriez seraient sois soit soyons soyez soient fus fut fumes furent fusse etre etant`);
/** the auxiliary of a verb used without a reflexive pronoun ("j'ai pédalé", "la situation a dégénéré") */
const AVOIR = words(`ai as a avons avez ont avais avait avions aviez avaient aurai auras aura aurons aurez auront aurais
  aurait aurions auriez auraient aie aies ait ayons ayez aient eus eut eurent avoir ayant`);

function frenchVerbReading(tokens: readonly string[], i: number, written: (i: number) => string): boolean {
  const verb = VERB_HOMOGRAPHS.find((v) => v.forms.test(tokens[i]!));
  if (!verb) return false;
  if (verb.verbSpelling?.test(written(i))) return true;
  // "dégénère-t-il", "pédale-t-on"
  if (tokens[i + 1] === 't' && SUBJECT.has(tokens[i + 2] ?? '')) return true;
  /** the pronouns before word `at` (after "y"/"en") introduce a verb */
  const clause = (at: number, auxiliary: boolean): boolean => {
    let j = at - 1;
    while (j >= 0 && ADVERBIAL_PRONOUNS.has(tokens[j]!)) j--;
    const before = tokens[j] ?? '';
    const earlier = tokens[j - 1] ?? '';
    if (verb.pronominal) {
      if (PLURAL_REFLEXIVE.has(before)) return earlier === before || NEGATION.has(earlier);
      // "t'es attardé" is "tu es attardé"; "tu t'es attardé" is the verb
      if (before === 't' && auxiliary) return earlier === 'tu' || NEGATION.has(earlier);
      return REFLEXIVE.has(before);
    }
    return SUBJECT.has(before) || (!auxiliary && NEGATION.has(before));
  };
  if (clause(i, false)) return true;
  let j = i - 1;
  while (j >= 0 && BETWEEN_AUXILIARY.has(tokens[j]!)) j--;
  const auxiliary = tokens[j];
  if (auxiliary === undefined || !(verb.pronominal ? ETRE : AVOIR).has(auxiliary)) return false;
  return !verb.pronominal || clause(j, true);
}

/**
 * Innocent words spelt like an insult — a thing, an animal, a verb — each told by the words around it that only the
 * innocent word takes, never by the word itself (`close`), or by a thing it belongs to within THING_REACH words
 * (`things`, a loose cue). Said of
 * someone it stays the insult whatever the cues: after a marker or to the addressee never the thing; said of a third
 * person ("c'est une pédale", "he is an ass") only a close cue makes it the thing ("c'est une pédale de frein"), a
 * loose one does not ("le maire est une pédale, qu'il aille à vélo"). Each language says how its insults are said of
 * someone (`SaidOf`).
 */
interface Homograph {
  forms: RegExp;
  close: (before: (n: number) => string, after: (n: number) => string) => boolean;
  things: ReadonlySet<string>;
}
/** 'aimed': after a marker or to the addressee; 'predicated': said of a third person; null: neither */
type SaidOf = 'aimed' | 'predicated' | null;
const THING_REACH = 6;

function homographReading(tokens: readonly string[], i: number, nouns: readonly Homograph[], saidOf: SaidOf): boolean {
  const noun = nouns.find((n) => n.forms.test(tokens[i]!));
  if (!noun || saidOf === 'aimed') return false;
  if (noun.close((n) => tokens[i - n] ?? '', (n) => tokens[i + n] ?? '')) return true;
  return saidOf === null && tokens.slice(Math.max(0, i - THING_REACH), i + THING_REACH + 1).some((w) => noun.things.has(w));
}

/**
 * French: "pédale(s)" is also the noun a pedal, the homophobic slur's own origin: "un bateau à pédales", "la pédale de
 * frein", "la pédale d'accélérateur", "les pédales du vélo", "la pédale de droite", "un coup de pédale", and the idioms
 * "perdre les pédales" (to lose one's head) and "mettre la pédale douce" (to go easy); "tapette(s)" is also a swatter or
 * a trap ("une tapette à mouches", "des tapettes à souris").
 *
 * Close cues of a pedal: "à" before it ("à pédales"), "de/d'/du/des" + a thing pedals belong to or work (PEDAL_THINGS:
 * vélo, frein, accélérateur, embrayage, piano…), "douce" after it, "sur la" before it ("le pied sur la pédale"),
 * "perdre/lâcher les" before it, "coup(s) de" before it, and a side after the definite article ("la pédale de droite",
 * "les pédales de gauche", "la pédale du milieu", "la pédale droite"). "de" + any other word is no cue ("cette pédale de
 * maire", "pédale de merde" are insults), nor is a side after another determiner ("une pédale de droite", "cette
 * pédale de gauche": a person of the right or left). A swatter or a trap: "à" after it. Said of someone (a marker
 * before it, "sale pédale", "espèce de tapette", "bande de pédales", "quelle pédale"; to the addressee, "t'es une
 * pédale", "vous êtes des tapettes"; of a third person, "c'est une pédale", "ils sont des pédales"): see Homograph.
 */
const PEDAL_THINGS = words(`velo velos vtt bicyclette bicyclettes tandem trottinette pedalier pedaliers pedalo pedalos
  bateau bateaux voiture voitures auto autos vehicule vehicules kart karts bus camion tracteur frein freins
  accelerateur accelerateurs embrayage gaz piano pianos orgue orgues harpe batterie guitare effet effets sustain
  sourdine expression volume chaine chaines guidon guidons selle selles roue roues cycliste cyclistes cyclisme machine
  machines poubelle poubelles`);
const PEDAL_OF = words('de d du des');
const PEDAL_LOSE = words(`perdre perd perds perdent perdu perdue perdus perdait perdaient perdra perdront perdrait perdant
  lacher lache laches lachent lachait`);
const DEFINITE = words('la les l');
const SIDE = words('droite gauche centrale');
const SIDE_OF = words('droite gauche milieu centre');
/** said to the addressee: "t'es une", "vous êtes des" (ETRE's second persons) */
const TO_ADDRESSEE = words('es etes etais etiez seras serez serais seriez sois soyez');
const OF_SOMEONE = words('est sont suis etait etaient sera seront serait seraient soit soient');
const ARTICLES = words('un une des le la les');
const FRENCH_HOMOGRAPHS: readonly Homograph[] = [
  {
    forms: /^pedales?$/,
    close: (before, after) => before(1) === 'a'
      || (PEDAL_OF.has(after(1)) && PEDAL_THINGS.has(after(2)))
      || after(1) === 'douce'
      || (before(2) === 'sur' && ARTICLES.has(before(1)))
      || (PEDAL_LOSE.has(before(2)) && ARTICLES.has(before(1)))
      || (PEDAL_OF.has(before(1)) && (before(2) === 'coup' || before(2) === 'coups'))
      || (DEFINITE.has(before(1)) && (SIDE.has(after(1)) || (PEDAL_OF.has(after(1)) && SIDE_OF.has(after(2))))),
    things: PEDAL_THINGS,
  },
  {
    forms: /^tapettes?$/,
    close: (_, after) => after(1) === 'a',
    things: words('mouche mouches souris rat rats rongeur rongeurs insecte insectes moustique moustiques guepe guepes piege pieges'),
  },
  // a female dog ("tenir sa chienne en laisse"), the bread and the mongrel ("le pain bâtard", "un chien bâtard")
  { forms: /^chiennes?$/, close: () => false, things: words('chien chiens chiot chiots laisse laisses portee portees veterinaire veterinaires chenil chenils elevage eleveur eleveurs race races sterilisation steriliser') },
  { forms: /^andouilles?$/, close: () => false, things: words('boudin boudins saucisse saucisses saucisson saucissons charcuterie charcuteries charcutier charcutiers tripes') },
  { forms: /^batards?$/, close: (before) => ['pain', 'pains', 'chien', 'chiens'].includes(before(1)), things: words('pain pains baguette baguettes boulangerie boulangeries boulanger boulangers farine') },
];

function frenchSaidOf(tokens: readonly string[], i: number): SaidOf {
  const before = (n: number) => tokens[i - n] ?? '';
  const markers = CONSTRUCTIONS.fr.markers;
  if (markers.has(before(1)) || markers.has(before(2))) return 'aimed';
  // "t'es une pédale", "vous êtes pédales": the verb, its article skipped
  const verb = ARTICLES.has(before(1)) ? before(2) : before(1);
  return TO_ADDRESSEE.has(verb) ? 'aimed' : OF_SOMEONE.has(verb) ? 'predicated' : null;
}

/**
 * English: "ass" is a donkey ("the ass pulled the cart", "a wild ass"), "bitch" a female dog ("the bitch and her
 * puppies"), "cock" a rooster or a valve ("the cock crowed", "a stop cock", "cock fighting"), "pussy" a willow or a cat,
 * "tits" birds ("blue tits"), "dyke" an embankment ("raise the dykes against the sea"), "fag" a cigarette ("fag ends"),
 * "faggots" meatballs ("faggots and peas"), "prick" a puncture ("a finger prick"), "spotted dick" a pudding, "retard" a
 * verb ("not retard the growth"): see Homograph. Said of someone: after a marker ("stupid ass", "fucking dyke"), with
 * "you" within ADDRESS_REACH words before ("you are such an ass") it is aimed; after a predicate ("he is an ass") only
 * a close cue reads the innocent word. "these" and "those" point at things too ("those dykes need repairs").
 */
const ENGLISH_HOMOGRAPHS: readonly Homograph[] = [
  { forms: /^ass(?:es)?$/, close: (before) => before(1) === 'wild', things: words(`donkey donkeys mule mules cart carts ox oxen horse horses foal
    foals farm farms bray brays brayed braying graze grazing herd herds stable stables saddle burden zebra zebras species livestock hooves`) },
  { forms: /^bitch(?:es)?$/, close: () => false, things: words(`puppy puppies pup pups litter litters dog dogs breeder breeders breeding whelp whelping
    whelped kennel kennels vet vets spay spayed neuter neutered pedigree greyhound greyhounds hound hounds sire`) },
  { forms: /^cocks?$/, close: (before, after) => ['stop', 'ball', 'weather'].includes(before(1)) || ['fighting', 'fight', 'fights', 'crowed', 'crows', 'crowing', 'pheasant', 'pheasants'].includes(after(1)),
    things: words('hen hens chicken chickens rooster roosters poultry coop coops farm farms crow crowed crows crowing pheasant pheasants') },
  { forms: /^pussy$/, close: (_, after) => ['willow', 'willows', 'cat', 'cats'].includes(after(1)), things: words('willow willows cat cats kitten kittens') },
  { forms: /^tits?$/, close: (before) => ['blue', 'great', 'coal', 'marsh', 'willow', 'crested', 'tailed', 'bearded'].includes(before(1)),
    things: words('bird birds nest nests nesting feeder feeders birdwatching songbirds') },
  { forms: /^dykes?$/, close: () => false, things: words(`river rivers sea seas flood floods flooding water wall walls dam dams levee levees canal
    canals polder polders drain drainage farmland embankment embankments coast coastal tide tides dutch netherlands fens`) },
  { forms: /^fags?$/, close: (_, after) => ['end', 'ends', 'packet', 'packets'].includes(after(1)), things: words('cigarette cigarettes smoke smoking smokers ash ashtray ashtrays tobacco') },
  { forms: /^faggots$/, close: (_, after) => after(1) === 'and' && after(2) === 'peas', things: words('peas gravy dish dishes meatball meatballs pork liver recipe recipes sticks firewood kindling') },
  { forms: /^pricks?$/, close: (before) => ['pin', 'finger', 'needle', 'thorn'].includes(before(1)), things: words('finger fingers pin pins needle needles blood injection injections thorn thorns vaccine vaccines') },
  { forms: /^dick$/, close: (before) => before(1) === 'spotted', things: NONE },
  {
    forms: /^retard$/,
    close: (before, after) => ['to', 'not', 'will', 'would', 'can', 'could', 'may', 'might', 'must', 'should', 'does', 'do', 'did'].includes(before(1))
      && ['the', 'its', 'their', 'our', 'his', 'her', 'this', 'that', 'these', 'those', 'any', 'growth', 'progress', 'development'].includes(after(1)),
    things: NONE,
  },
];

function englishSaidOf(tokens: readonly string[], i: number): SaidOf {
  const { markers } = CONSTRUCTIONS.en;
  return markers.has(tokens[i - 1] ?? '') || markers.has(tokens[i - 2] ?? '') ? 'aimed' : addressedOrPredicated(CONSTRUCTIONS.en, tokens, i);
}

/** English and German, once their markers have not aimed the word: a pronoun of address within ADDRESS_REACH words
 * before aims it, the language's predicate just before says it of someone. */
function addressedOrPredicated(how: Constructions, tokens: readonly string[], i: number): SaidOf {
  for (let k = Math.max(0, i - ADDRESS_REACH); k < i; k++) if (how.address.has(tokens[k]!)) return 'aimed';
  return how.predicate?.test(`${tokens[i - 2] ?? ''} ${tokens[i - 1] ?? ''}`) ? 'predicated' : null;
}

/** English insults that are names too ("Dick Cheney", "Moby Dick", "Philip K. Dick", "Dominic Cummings"): a name when
 * the author capitalised it beside another capitalised word or an initial, neither a marker ("Stupid Dick") nor an
 * address ("You Dick"), nor an insult itself. */
const ENGLISH_NAMES = /^(?:dick|dicks|cumming|cummings)$/;
const CAPITALISED_WORD = /^\p{Lu}\p{Ll}+$/u;
const NAME_PART = /^\p{Lu}(?:\p{Ll}+)?$/u;

function englishName(tokens: readonly string[], i: number, written: (i: number) => string): boolean {
  if (!ENGLISH_NAMES.test(tokens[i]!) || !CAPITALISED_WORD.test(written(i))) return false;
  const how = CONSTRUCTIONS.en;
  const part = (k: number) => {
    const token = tokens[k];
    return token !== undefined && token !== 'i' && !how.markers.has(token) && !how.address.has(token)
      && lookUp(token, toxicLexicon('en').words) === undefined && NAME_PART.test(written(k));
  };
  return part(i - 1) || part(i + 1);
}

/**
 * German: "Vögeln" is also the dative plural of Vogel, birds ("Schutz von Vögeln", "mit den heimischen Vögeln",
 * "Singvögeln"): the noun after a dative article, pronoun or preposition, up to two adjectives in -en between, or as
 * the last part of a compound (not after a verb particle: "rumvögeln" is the verb). Capitals do not decide: German
 * capitalises nouns, but a capital costs nothing to an insult.
 */
const GERMAN_DATIVE = words(`den von vom mit bei beim aus nach vor unter zwischen allen vielen einigen manchen diesen jenen
  solchen unseren euren ihren seinen meinen deinen`);
const GERMAN_PARTICLES = words('rum herum durch ab an aus ein mit weg zu');
/** "Zecken" (a pejorative for left-wing activists) are ticks too ("Zecken übertragen FSME") */
const GERMAN_HOMOGRAPHS: readonly Homograph[] = [
  { forms: /^zecken?$/, close: () => false, things: words('fsme borreliose biss bisse stich stiche zeckenbiss impfung impfungen wald walder hund hunde katze katzen garten wiese wiesen') },
];

function germanSaidOf(tokens: readonly string[], i: number): SaidOf {
  const { markers, pointers } = CONSTRUCTIONS.de;
  const previous = tokens[i - 1] ?? '';
  return markers.has(previous) || pointers.has(previous) ? 'aimed' : addressedOrPredicated(CONSTRUCTIONS.de, tokens, i);
}
const BIRDS = 'vogeln';

function germanBirds(tokens: readonly string[], i: number): boolean {
  const word = tokens[i]!;
  if (!word.endsWith(BIRDS)) return false;
  if (word !== BIRDS) return !GERMAN_PARTICLES.has(word.slice(0, -BIRDS.length));
  let j = i - 1;
  for (let adjectives = 0; adjectives < 2 && j >= 0 && tokens[j]!.endsWith('en') && !GERMAN_DATIVE.has(tokens[j]!); adjectives++) j--;
  return GERMAN_DATIVE.has(tokens[j] ?? '');
}

const CONSTRUCTIONS: Record<SupportedLanguage, Constructions> = {
  fr: {
    markers: words('sale sales espece bande gros grosse pauvre pauvres quel quelle'),
    pointers: NONE,
    address: NONE,
    predicate: /^(?:(?:etes|sont) des|(?:es|etes) (?:un|une))$/,
    predicateTakesOrdinary: true,
    groups: /^(arabe|noir|noire|juif|juive|musulman|musulmane|immigre|immigree|migrant|migrante|rebeu|renoi|black|blanc|blanche|babtou|chinois|chinoise|gaucho|gauchiste|facho|feministe|homo|gay|gouine|pede|negre|negresse|rom|asiatique|africain|africaine|etranger|etrangere|feuj|beurette|bougnoul)s?$/,
    groupMarkers: words('sale sales'),
    groupSlang: /^(rebeu|renoi|babtou|blacks|beurette|feuj|bougnoul|negro|youpin|chintok|niakoue)s?$/,
    generalisation: /\b(?:les|des|ces|aux|du)\s(?:arabes|noirs|juifs|musulmans|migrants|immigres|rebeus|renois|blacks|roms|africains|asiatiques|chinois|homos|islamistes|reufs|feujs)\b|\blobby\s(?:juif|gay|homo|homosexuel|lgbt|sioniste|musulman|islamiste|feministe|immigrationniste)\b/u,
    vermin: NONE,
    animals: NONE,
    threat: /\b(?:je|j|on|jv|jvais)\s(?:vais\s|va\s|vas\s)?(?:te|t|vous|les)\s(?:tuer|buter|defoncer|frapper|egorger|cramer|arracher|niquer|massacrer|violer|cogner|eclater|bruler|crever)\b|\b(?:va|vas|allez)\s(?:crever|mourir)\b|\bmort aux\b|\b(?:tuer|exterminer|gazer|bruler|pendre|massacrer|eliminer|cramer|buter|fusiller)\s(?:tous\s|toutes\s)?(?:les|ces)\s(\p{L}+)/u,
    condemnation: /\b(?:insulte|insultes|insulter|injure|injures|injurier|trait(?:er|ent|e|ee|es|ees)\s(?:\p{L}+\s){0,3}de|qualifi(?:er|ent|e|ee)|propos|termes|mots?|harcelement|sanctionn\p{L}*|puni\p{L}*|condamn\p{L}*|penalis\p{L}*|interdi\p{L}*|lutter|bannir)\b/u,
    bans: /^(?:interdi\p{L}*|bannir|bannissez|expuls\p{L}*|chass\p{L}*|refoul\p{L}*)$/u,
    titleCaseNames: false,
    innocentReading: (tokens, i, written) => frenchVerbReading(tokens, i, written) || homographReading(tokens, i, FRENCH_HOMOGRAPHS, frenchSaidOf(tokens, i)),
  },
  de: {
    markers: words(`dreckig dreckige dreckiger dreckiges dreckigen elende elender elendes elenden verdammte verdammter
      verdammtes verdammten blode bloder blodes bloden dumme dummer dummes dummen scheiss bescheuerte bescheuerter
      bescheuerten verblodete verblodeter verblodeten widerliche widerlicher widerlichen miese mieser miesen`),
    pointers: words('diese dieses dieser solche solchen du ihr'),
    address: words('du ihr'),
    predicate: /^(?:bist|seid|sind|ist|bleibst|bleibt) (?:ein|eine|einer|doch|nur|alle|solche|total|voll|echt|halt|so)$/,
    predicateTakesOrdinary: false,
    groups: /^(turke|turken|turkin|turkinnen|moslem|moslems|muslim|muslime|muslimin|muselmanen|araber|jude|juden|judin|afrikaner|neger|zigeuner|asylant|asylanten|fluchtling|fluchtlinge|auslander|migrant|migranten|kanake|kanaken|polacke|polacken|schwarze|schwarzen|schwule|schwulen|lesben|transen|islamisten)$/,
    groupMarkers: words('dreckige dreckiger dreckiges dreckigen scheiss verdammte verdammten elende elenden'),
    groupSlang: /^(kanake|kanaken|polacke|polacken|kameltreiber|schlitzauge|schlitzaugen|itaker|kummelturke|kummelturken|transen)$/,
    generalisation: /(?:^|\b(?:die|diese|alle|den|solche|unsere|eure|euren)\s)(?:turken|moslems|muslime|muselmanen|araber|juden|afrikaner|neger|zigeuner|asylanten|fluchtlinge|auslander|migranten|kanaken|schwarzen|schwulen|islamisten)\b/u,
    vermin: words('affe affen ratte ratten ungeziefer parasit parasiten schmarotzer viecher kakerlaken maden untermensch untermenschen bestien brut'),
    animals: words('schwein schweine sau saue hund hunde kuh'),
    threat: /\b(?:ich|wir|man)\s(?:werde|werden|will|wollen|sollte|sollten|muss|musste|mussen|wird)\s(?:dich|euch)\s(?:\p{L}+\s){0,2}(?:umbringen|totschlagen|erschiessen|abknallen|aufhangen|vergasen|abstechen|ausrotten|abschlachten|lynchen|kaltmachen|verprugeln|abmurksen)\b|\b(?:auf|in)\sdie\sfresse\b|\b(?:gehort|gehoren)\s(?:\p{L}+\s){0,3}(?:aufgehangt|erschossen|vergast|erschlagen|gehangt|gelyncht|ausgerottet|abgeknallt)\b|\btod\s(?:den|allen)\b|\b(?:alle|die|diese)\s(\p{L}+)\s(?:raus|umbringen|abschlachten|ausrotten|vergasen|erschiessen|aufhangen|abknallen)\b/u,
    condemnation: /\b(?:beleidig\p{L}*|beschimpf\p{L}*|hetze|hassrede\p{L}*|hasskommentar\p{L}*|hassposting\p{L}*|bestraf\p{L}*|verbiet\p{L}*|verbot\p{L}*|ahnd\p{L}*|sanktion\p{L}*|bekampf\p{L}*|schimpfw\p{L}*)\b/u,
    bans: /^(?:verbiet\p{L}*|verbannen|verbannt|ausweis\p{L}*|abschieb\p{L}*|rauswerf\p{L}*)$/u,
    titleCaseNames: false,
    innocentReading: (tokens, i) => germanBirds(tokens, i) || homographReading(tokens, i, GERMAN_HOMOGRAPHS, germanSaidOf(tokens, i)),
  },
  en: {
    markers: words('fucking fuckin fcking bloody dirty filthy stupid dumb damn goddamn'),
    pointers: words('these those you'),
    address: words('you'),
    predicate: /^(?:you|they|u) (?:are|re|r)$|^(?:are|is|re) (?:a|an|such|all|just|total|complete|fucking)$/,
    predicateTakesOrdinary: false,
    groups: /^(muslim|muslims|jew|jews|blacks|arab|arabs|mexican|mexicans|immigrant|immigrants|illegals|refugee|refugees|migrant|migrants|gay|gays|homosexual|homosexuals|africans|gypsies|gypsy|feminists|asians|latinos|hispanics)$/,
    groupMarkers: words('dirty filthy fucking fuckin stupid'),
    groupSlang: null,
    // a whole group: a bare plural opening the text ("Jews control …"), after "the", "all", "these", "those"; after
    // an article "all …" is a name ("the All Blacks", the New Zealand rugby team)
    generalisation: /(?:^|\b(?:(?<!\b(?:the|a|an)\s)all|these|those|the)\s)(?:muslims|jews|blacks|arabs|mexicans|immigrants|illegals|refugees|migrants|gays|homosexuals|africans|gypsies|feminists|asians|latinos|hispanics)\b/u,
    vermin: words('vermin rat rats parasite parasites cockroach cockroaches roaches leech leeches maggot maggots savage savages subhuman subhumans ape apes'),
    animals: words('animal animals pig pigs dog dogs monkey monkeys beast beasts'),
    threat: /\b(?:i|we|ill|id)\s(?:will\s|ll\s|am going to\s|m going to\s|gonna\s|m gonna\s|would\s|d\s)?(?:kill|shoot|hang|stab|murder|lynch|strangle)\s(?:you|u|him|her|them|y all)\b|\b(?:kill|shoot|hang|gas|lynch|exterminate|slaughter|behead|nuke|execute|deport)\s(?:all\s)?(?:the|these|those|them)\s(\p{L}+)|\b(?:should|must|ought to|deserve to|need to)\sbe\s(?:shot|hanged|gassed|lynched|exterminated|beheaded)\b|\bgo\s(?:die|kill yourself)\b/u,
    condemnation: /\b(?:insult\p{L}*|slur\p{L}*|abus\p{L}*|harass\p{L}*|bully\p{L}*|punish\p{L}*|ban|banning|condemn\p{L}*|prohibit\p{L}*|outlaw\p{L}*|hate\sspeech)\b/u,
    bans: /^(?:ban|banning|bar|prohibit\p{L}*|outlaw\p{L}*|expel\p{L}*|exclude|excluding)$/u,
    titleCaseNames: true,
    innocentReading: (tokens, i, written) => englishName(tokens, i, written) || homographReading(tokens, i, ENGLISH_HOMOGRAPHS, englishSaidOf(tokens, i)),
  },
  // Spanish drops the subject pronoun and "tu" is also "your" ("tu perro"): the verb speaks to someone ("eres",
  // "sois"), not "tu"; "son unos …" is said of animals too ("los galgos son unos perros nobles"), so the animals
  // are the ones Spanish says of people far more than of beasts (no "perro", no "animales")
  es: {
    markers: words(`so sucio sucia sucios sucias asqueroso asquerosa asquerosos asquerosas puto puta putos putas maldito
      maldita malditos malditas jodido jodida jodidos jodidas pinche pinches mugroso mugrosa mugrosos mugrosas`),
    pointers: words('estos estas esos esas aquellos aquellas'),
    address: words('eres sois vosotros vosotras ustedes'),
    predicate: /^(?:eres|sois) (?:un|una|unos|unas|todos|todas|solo|tan|mas|muy)$|^(?:es|son) (?:un|una|unos|unas|todos|todas)$|^(?:tu|vosotros|vosotras|ustedes|usted|ellos|ellas) (?:eres|sois|son|es)$/,
    predicateTakesOrdinary: false,
    groups: /^(moro|moros|mora|moras|negro|negros|negra|negras|judio|judios|judia|judias|musulman|musulmanes|musulmana|musulmanas|gitano|gitanos|gitana|gitanas|inmigrante|inmigrantes|extranjero|extranjeros|sudaca|sudacas|panchito|panchitos|menas|rumano|rumanos|marroqui|marroquies|magrebi|magrebies|latino|latinos|africano|africanos|chino|chinos|refugiado|refugiados|migrante|migrantes|ilegales|gay|gays|maricon|maricones|homosexual|homosexuales|lesbiana|lesbianas|feminista|feministas|islamista|islamistas)$/,
    groupMarkers: words('sucio sucia sucios sucias asqueroso asquerosa asquerosos asquerosas puto puta putos putas maldito maldita malditos malditas jodidos jodidas'),
    groupSlang: /^(charnego|charnegos|charnega|charnegas|maketo|maketos|moraco|moracos|gabacho|gabachos)$/,
    generalisation: /(?:^|\b(?:todos\slos|todas\slas|estos|estas|esos|esas|aquellos|los|las)\s)(?:moros|negros|judios|musulmanes|gitanos|inmigrantes|extranjeros|sudacas|panchitos|menas|rumanos|marroquies|magrebies|latinos|africanos|chinos|refugiados|migrantes|ilegales|gays|maricones|homosexuales|feministas|islamistas)\b/u,
    vermin: words('rata ratas parasito parasitos cucaracha cucarachas sanguijuela sanguijuelas gusano gusanos alimana alimanas sabandija sabandijas subhumano subhumanos infrahumano infrahumanos'),
    animals: words('cerdo cerdos cerda cerdas puerco puercos marrano marranos perra perras bestia bestias mono monos burro burros borrego borregos'),
    threat: /\b(?:te|os)\s(?:voy|vamos)\sa\s(?:matar|reventar|apunalar|degollar|ahorcar|quemar|violar|partir\sla\scara|pegar\sun\stiro|meter\sun\stiro)\b|\b(?:te|os)\s(?:mato|matamos|matare|mataremos|reviento|revientamos|apunalo|parto\sla\scara|pego\sun\stiro|meto\sun\stiro)\b|\b(?:voy|vamos)\sa\s(?:matarte|mataros|reventarte|reventaros|apunalarte|degollarte|quemarte|violarte)\b|\bojala\s(?:te|os)\s(?:mueras|muerais|maten|violen|pudras|pudrais)\b|\bvete\sa\smorir\b|\b(?:deberian|merecen|mereceis|mereces)\smorir\b|\bmuerte\sa\s(?:los|las|todos|todas)\b|\b(?:fusilar|ahorcar|gasear|linchar)(?:los|las|lo|la|les|le)\b|\b(?:matar|exterminar|fusilar|ahorcar|gasear|quemar|linchar|deportar|eliminar|aniquilar)\sa\s(?:todos\slos\s|todas\slas\s|los\s|las\s|estos\s|estas\s|esos\s|esas\s)?(\p{L}+)/u,
    condemnation: /\b(?:insult\p{L}*|injuri\p{L}*|ofens\p{L}*|vejaci\p{L}*|acos\p{L}*|sancion\p{L}*|castig\p{L}*|multa\p{L}*|prohib\p{L}*|penaliz\p{L}*|condena\p{L}*|denunci\p{L}*|combatir|erradicar|luchar\scontra|lucha\scontra|(?:discursos?|delitos?|mensajes?|comentarios?|incitacion)\sde\sodio)\b/u,
    bans: /^(?:prohib\p{L}*|expuls\p{L}*|echar|vetar|excluir)$/u,
    titleCaseNames: false,
    innocentReading: null,
  },
  // Italian "tu" is only the subject (the possessive is "tuo"), but "sei" is also "six": "sei" speaks to someone
  // only before an article ("sei un …"). The predicates are the second person only: "c'è un …" and "ci sono dei …"
  // (there is, there are: "ci sono dei ratti in cantina") read like "è un …" and "sono dei …"
  it: {
    markers: words(`brutto brutta brutti brutte sporco sporca sporchi sporche lurido lurida luridi luride schifoso schifosa
      schifosi schifose maledetto maledetta maledetti maledette fottuto fottuta fottuti fottute`),
    pointers: words('questi queste quei quegli quelle sti'),
    address: words('tu voi siete'),
    predicate: /^(?:sei|siete) (?:un|una|uno|dei|degli|delle|solo|proprio|tutti|tutte|davvero|cosi|piu)$|^(?:tu|voi) (?:sei|siete)$|^(?:proprio|davvero|veramente) (?:un|una|uno|dei|degli|delle)$/,
    predicateTakesOrdinary: false,
    groups: /^(negro|negri|negra|negre|nero|neri|ebreo|ebrei|ebrea|ebree|musulmano|musulmani|islamico|islamici|islamista|islamisti|zingaro|zingari|zingara|zingare|rom|immigrato|immigrati|immigrata|immigrate|migrante|migranti|clandestino|clandestini|extracomunitario|extracomunitari|straniero|stranieri|africano|africani|arabo|arabi|marocchino|marocchini|albanese|albanesi|rumeno|rumeni|cinese|cinesi|frocio|froci|gay|omosessuale|omosessuali|lesbica|lesbiche|terrone|terroni|meridionali|profugo|profughi|femminista|femministe)$/,
    groupMarkers: words('sporco sporca sporchi sporche lurido lurida luridi luride schifoso schifosa schifosi schifose maledetto maledetta maledetti maledette fottuti fottute'),
    groupSlang: /^(polentone|polentoni|crucco|crucchi|vucumpra)$/,
    generalisation: /(?:^|\b(?:tutti\s(?:i|gli)|tutte\sle|questi|queste|quei|quegli|quelle|sti|i|gli|le)\s)(?:negri|neri|ebrei|musulmani|islamici|islamisti|zingari|rom|immigrati|migranti|clandestini|extracomunitari|stranieri|africani|arabi|marocchini|albanesi|rumeni|cinesi|froci|gay|omosessuali|terroni|meridionali|profughi|femministe)\b/u,
    vermin: words('ratto ratti parassita parassiti scarafaggio scarafaggi sanguisuga sanguisughe verme vermi subumano subumani'),
    animals: words('porci maiale maiali bestia bestie scimmia scimmie somaro somari asino asini capra capre pecore'),
    threat: /\b(?:ti|vi)\s(?:ammazzo|ammazziamo|ammazzero|ammazzeremo|uccido|uccidiamo|uccidero|uccideremo|sparo|spariamo|sgozzo|accoltello|impicco|stupro|spacco\sla\sfaccia|spacco\sla\stesta|faccio\sfuori)\b|\b(?:ti|vi)\s(?:voglio|vogliamo|devo|dobbiamo|vengo\sa|veniamo\sa)\s(?:ammazzare|uccidere|sgozzare|accoltellare|impiccare|stuprare|sparare|spaccare\sla\sfaccia)\b|\b(?:voglio|vogliamo|devo|dobbiamo|vengo\sad|veniamo\sad|vado\sad)\s(?:ammazzarti|ammazzarvi|ucciderti|uccidervi|spararti|spararvi|sgozzarti|accoltellarti|stuprarti)\b|\bmorte\s(?:ai|agli|alle)\b|\b(?:devi|dovete|meriti\sdi|meritate\sdi|meritano\sdi)\s(?:morire|crepare)\b|\bspero\sche\s(?:tu\s|voi\s)?(?:muoia|moriate|crepi|crepiate)\b|\b(?:vai|va|andate)\sa\s(?:morire|crepare)\b|\b(?:fucilar|impiccar|gasar|linciar)(?:li|le|lo|la)\b|\b(?:ammazzare|uccidere|sterminare|fucilare|impiccare|gasare|bruciare|linciare|deportare|eliminare)\s(?:tutti\s(?:i|gli)\s|tutte\sle\s|i\s|gli\s|le\s|questi\s|queste\s|quei\s|quegli\s|quelle\s)?(\p{L}+)/u,
    condemnation: /\b(?:insult\p{L}*|offes\p{L}*|offensiv\p{L}*|ingiuri\p{L}*|oltragg\p{L}*|molest\p{L}*|bullismo|cyberbullismo|sanzion\p{L}*|punir\p{L}*|punit\p{L}*|puniz\p{L}*|multa\p{L}*|multe|vietar\p{L}*|divieto|proibi\p{L}*|condann\p{L}*|denunci\p{L}*|contrastare|combattere|lotta\scontro|lottare\scontro|(?:discors\p{L}*|incitamento|crimin\p{L}*|reati|messaggi|commenti)\s(?:d|di|all|al)\sodio)\b/u,
    bans: /^(?:vietar\p{L}*|proibi\p{L}*|espell\p{L}*|cacciar\p{L}*|escluder\p{L}*)$/u,
    titleCaseNames: false,
    innocentReading: null,
  },
};
/** no insult is longer: a longer "word" (letters run together, a mash) is not looked up variant by variant */
const MAX_WORD = 40;

/**
 * Insults, slurs, hate and threats, robust to spelling tricks: look-alike letters of other scripts, small
 * capitals, full-width and mathematical letters, invisible characters (all read through `matchKey`,
 * models/text/confusables.ts), leetspeak (a1ns1), spaced or dotted letters (c o n), a word cut in two (con nard),
 * stretched letters (connnnard), dropped accents, plurals and feminines. An insult quoted or framed as
 * condemned ("lutter contre les insultes comme « salope »") is a mention, not a use, and is not reported.
 * Each consultation language has its lexicon (models/text/toxic-lexicon.ts), the same de-obfuscation and its own
 * constructions (CONSTRUCTIONS); in French
 * also a chat message about people of a targeted group.
 */
export const toxicCheck: Check = {
  id: 'toxic',
  kind: 'scored',
  autoRejectAt: 0.95,
  // even one pejorative (0.25): all 249 dev refusals without "Il faut" that have such a finding are toxic
  // (bench:main-reason, BENCH_DUMP), so a refusal decided by a rule is named toxic
  namesRefusalAt: 0.25,
  run({ proposal, consultation }) {
    const readings = [proposal.normalized, ...(hasBlanks(proposal.text) ? [normalizeText(withoutBlanks(proposal.text))] : [])];
    const chat = consultation.language === 'fr' && readsAsChat(proposal.normalized, proposal.folded, consultation.language);
    return readings.map((reading) => judge(reading, consultation.language, chat)).reduce((a, b) => ((b?.score ?? 0) > (a?.score ?? 0) ? b : a));
  },
};

/** The toxic finding of one reading of the text; `chat`: the text reads as a chat message (French). */
function judge(reading: string, language: SupportedLanguage, chat: boolean): CheckResult | null {
  const lexicon = toxicLexicon(language);
  const how = CONSTRUCTIONS[language];
  const normalized = analysed(reading);
  const { tokens, spelled, folded, sources } = toxicTokens(normalized, lexicon);
  const text = tokens.join(' ');
  const offsets = wordOffsets(tokens);
  // evidence quotes what the author wrote (accents, capitals, the spelling trick), found on the tokens
  const quote = quoter(normalized, (piece) => readWords(piece, lexicon), folded);
  const written = (first: number, last = first) => quote(sources[first]!.first, sources[last]!.last);
  const writtenMatch = (match: RegExpExecArray) => written(wordAt(offsets, match.index), wordAt(offsets, match.index + match[0].length - 1));
  const threat = how.threat?.exec(text);
  // "tuer les …" is a threat when aimed at people ("tuer les moustiques tigres" is not)
  if (threat && (threat[1] === undefined || how.groups?.test(threat[1]))) {
    return { code: 'toxic', score: 0.97, detail: message(language, 'toxic.threat', { words: writtenMatch(threat) }) };
  }
  const quoted = quotedWords(normalized, lexicon);
  const condemnedUntil = how.condemnation?.exec(text)?.index ?? Infinity;
  /** `key`: the words as read, one piece of evidence however often or however spelt; `shown`: as written, quoted only
   * for the evidence shown (a text may repeat an insult hundreds of times: quoting each was half of its cost) */
  const found: { key: string; shown: () => string; weight: number }[] = [];
  const use = (first: number, last: number, weight: number) =>
    found.push({ key: tokens.slice(first, last + 1).join(' '), shown: () => written(first, last), weight });
  const { words: lexiconWords, phrases } = lexicon;
  let addressedAt = -Infinity;
  tokens.forEach((word, i) => {
    const at = offsets[i]!;
    if (how.address.has(word)) addressedAt = i;
    if (quoted.has(word) || at > condemnedUntil) return;
    const prev = tokens[i - 1] ?? '';
    const predicate = how.predicate?.test(`${tokens[i - 2] ?? ''} ${prev}`) ?? false;
    const addressedWord = () => {
      const address = addressedAt; // as it stands now: quoted after the loop
      found.push({ key: `${tokens[address]} … ${word}`, shown: () => `${written(address)} … ${written(i)}`, weight: WEIGHT.insult });
    };
    if (how.groupMarkers.has(prev) && how.groups?.test(word)) { use(i - 1, i, WEIGHT.insult); return; }
    const weight = lookUp(word, lexiconWords, language) ?? (spelled.has(i) ? insultInside(word, lexiconWords) : undefined)
      ?? (language === 'de' ? germanCompoundInsult(word, lexiconWords, how) : undefined);
    // "je m'attarde", "la pédale de frein": the verb or the thing, not the insult spelt like it
    if (weight !== undefined && how.innocentReading?.(tokens, i, (k) => written(k))) return;
    const addressed = i > addressedAt && i - addressedAt <= ADDRESS_REACH;
    const pointed = how.pointers.has(prev);
    if (weight === undefined && (how.vermin.has(word) || how.animals.has(word))) {
      // an animal said of people, not the animal itself
      if (how.address.has(prev) || (how.vermin.has(word) && (pointed || how.markers.has(prev)))) use(i - 1, i, WEIGHT.insult);
      else if (predicate) use(i - 2, i, WEIGHT.insult);
      else if (addressed) addressedWord();
      return;
    }
    const pejorative = weight === WEIGHT.pejorative;
    if (weight === undefined) {
      if (how.groupSlang?.test(word)) use(i, i, WEIGHT.pejorative);
    } else if (weight < WEIGHT.insult && (how.markers.has(prev) || (pejorative && pointed))) {
      use(i - 1, i, WEIGHT.insult);
    } else if (weight < WEIGHT.insult && predicate && (pejorative || how.predicateTakesOrdinary)) {
      use(i - 2, i, WEIGHT.insult);
    } else if (pejorative && addressed) {
      addressedWord();
    } else {
      use(i, i, weight);
    }
  });
  const group = how.generalisation?.exec(text);
  // a frame's verb right before a whole group bans the group, not an insult ("ban all muslims", "interdire les arabes")
  const banned = (at: number) => how.bans.test(tokens[wordAt(offsets, at) - 1] ?? '');
  const named = (match: RegExpExecArray) => how.titleCaseNames && TITLE_CASE.test(writtenMatch(match))
    && !startsSentence(normalized, sources[wordAt(offsets, match.index)]!.first);
  if (group && (group.index <= condemnedUntil || banned(group.index)) && !named(group)) found.push({ key: group[0], shown: () => writtenMatch(group), weight: WEIGHT.pejorative });
  const padded = ` ${text} `;
  for (const phrase of phrases) {
    const at = padded.indexOf(` ${phrase} `);
    if (at >= 0 && at <= condemnedUntil && !quoted.has(phrase.split(' ')[0]!)) {
      const first = wordAt(offsets, at);
      use(first, first + phrase.split(' ').length - 1, WEIGHT.insult);
    }
  }
  // nothing said against anyone, but a chat message about people of a targeted group: worth a moderator's look, and
  // the reason of its refusal (pejorative weight: it names a refusal, never decides one)
  const weak = found.every((f) => f.weight < WEIGHT.pejorative);
  const about = weak && chat ? tokens.findIndex((w, i) => IDENTITY.test(w) && !quoted.has(w) && offsets[i]! <= condemnedUntil) : -1;
  // each use is independent evidence, as in the policy
  const score = 1 - found.reduce((p, f) => p * (1 - f.weight), about >= 0 ? 1 - WEIGHT.pejorative : 1);
  if (about >= 0) return { code: 'toxic', score, detail: message(language, 'toxic.aboutGroup', { words: quoteList([written(about)]) }) };
  if (found.length === 0) return null;
  const insults = found.filter((f) => f.weight >= WEIGHT.insult);
  const seen = new Set<string>();
  const shown = (insults.length > 0 ? insults : found).filter((f) => !seen.has(f.key) && seen.add(f.key)).map((f) => f.shown());
  const label = insults.length === 0 ? 'toxic.possible' : shown.length > 1 ? 'toxic.insults' : 'toxic.insult';
  return { code: 'toxic', score: Math.min(score, 0.999), detail: message(language, label, { words: quoteList(shown) }) };
}

const TITLE_CASE = /^\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)+$/u;
/** Whether the character at `at` begins the text or a sentence (only spaces after a sentence's end before it). */
function startsSentence(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && text[k] === ' ') k--;
  return k < 0 || '.!?'.includes(text[k]!);
}

/** The words of a text as read: look-alike letters, leetspeak and masks undone. */
function readWords(text: string, lexicon: ToxicLexicon): readonly string[] {
  const unleet = skeleton(text).split(' ')
    .map((t) => undoLeet(t.replace(EDGE_PUNCTUATION, '')))
    .map((t) => (MASK.test(t) && /\p{L}/u.test(t) ? unmasked(t, lexicon.words) : t)).join(' ');
  return splitWords(matchKey(unleet));
}

/** Words as read (matchKey) with spelling tricks undone; `spelled`: indexes of words rebuilt from single letters;
 * `sources`: the words of the reading (`folded`) each token was made of (a word spelled "c o n" is three). */
export function toxicTokens(normalized: string, lexicon: ToxicLexicon): { tokens: string[]; spelled: Set<number>; folded: readonly string[]; sources: { first: number; last: number }[] } {
  const folded = readWords(normalized, lexicon);
  const joined: string[] = [];
  const sources: { first: number; last: number }[] = [];
  const spelled = new Set<number>();
  const take = (word: string, first: number, last: number) => {
    joined.push(word);
    sources.push({ first, last });
  };
  for (let i = 0; i < folded.length; i++) {
    // "c o n n a r d", "c.o.n": three or more single letters in a row are one word
    let j = i;
    while (j < folded.length && folded[j]!.length === 1) j++;
    if (j - i >= 3) {
      spelled.add(joined.length);
      take(folded.slice(i, j).join(''), i, j - 1);
      i = j - 1;
    } else if (cutInsult(folded[i]!, folded[i + 1], lexicon.words)) {
      take(folded[i]! + folded[i + 1]!, i, i + 1);
      i++;
    } else take(folded[i]!, i, i);
  }
  // German ß read as ss ("Scheiße", "Scheisse"), as the lexicons hold it
  return { tokens: joined.map((w) => w.replace(/(\p{L})\1{2,}/gu, '$1$1').replace(/ß/g, 'ss')), spelled, folded, sources };
}

/** "con nard", "con⠀nard": an insult cut in two by a space or a blank-looking character — only the whole is one. */
function cutInsult(first: string, second: string | undefined, lexicon: Map<string, number>): boolean {
  if (second === undefined || first.length < 2 || second.length < 2 || first.length + second.length < MIN_CUT) return false;
  const strong = (w: string) => (lookUp(w, lexicon) ?? 0) >= WEIGHT.insult;
  return strong(first + second) && !strong(first) && !strong(second);
}

/** The insult a masked or cut word stands for ("c*nnards" → "connards", "enc.ulés" → "encules"), else the word
 * as written: "peut-être" and "c.-à-d." stay what they are. */
function unmasked(token: string, lexicon: Map<string, number>): string {
  const [, elided = '', letters = ''] = /^((?:qu|\p{L})')?(.*)$/u.exec(token.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[_.·-]/g, ''))!;
  if (letters.length > MAX_WORD || !/^[\p{L}*]+$/u.test(letters)) return token;
  const hidden = letters.split('*').length - 1;
  if (hidden === 0) return (lookUp(letters, lexicon) ?? 0) >= WEIGHT.insult ? elided + letters : token;
  if (letters.length - hidden < MIN_UNMASKED) return token;
  const singular = letters.replace(/(?<=[^*])[sx]$/, '');
  const pattern = new RegExp(`^${singular.replace(/\*/g, '\\p{L}')}(?:e?s|x)?$`, 'u');
  for (const [word, weight] of lexicon) if (weight >= WEIGHT.insult && pattern.test(word)) return elided + word;
  return token;
}

/** Letters spelled one by one run into each other ("c o n n a r d e s t"): look for an insult inside. */
function insultInside(letters: string, lexicon: Map<string, number>): number | undefined {
  for (const [word, weight] of lexicon) if (weight >= WEIGHT.insult && word.length >= 4 && letters.includes(word)) return weight;
  return undefined;
}

/** German makes insults by compounding: a word made of a German word (with or without a linking "s") and an
 * insult ("Politikerschlampe", "Politikgesindel") is one; "Gewaltmarsch" is not "arsch" ("gewaltm" is no word).
 * An animal after a group ("Türkensau", "Judenschwein") is one too; after another word it is the animal
 * ("Wildsau", "Meerschwein"). */
const MIN_COMPOUND_INSULT = 4;
const MIN_COMPOUND_HEAD = 3;
const MIN_COMPOUND_ANIMAL = 3;

function germanCompoundInsult(word: string, lexicon: Map<string, number>, how: Constructions): number | undefined {
  if (word.length > MAX_WORD) return undefined;
  for (let at = MIN_COMPOUND_HEAD; at <= word.length - MIN_COMPOUND_ANIMAL; at++) {
    const tail = word.slice(at);
    const head = word.slice(0, at);
    const weight = tail.length >= MIN_COMPOUND_INSULT ? lookUp(tail, lexicon) : undefined;
    if (weight !== undefined && weight >= WEIGHT.insult && (isWord('de', head) || (head.endsWith('s') && isWord('de', head.slice(0, -1))))) return weight;
    if ((how.animals.has(tail) || how.vermin.has(tail)) && how.groups?.test(head)) return WEIGHT.insult;
  }
  return undefined;
}

/** The weight of the word or of its singular, masculine or un-stretched form (tried in that order, lazily:
 * this runs for every word of every proposal). No plural adds a lone s or x to a word ending in s or x ("asses" is
 * "ass" + es, "assess" is not "asses" + s); and a word of the consultation's language (`language`) is no
 * stretched spelling ("assess" is not "asses" with one s stretched, "coonasse" is "conasse"). */
const DOUBLED = /(\p{L})\1/gu;
const VARIANTS: readonly ((w: string) => string)[] = [
  (w) => w.replace(/(\p{L})\1/gu, '$1'), (w) => w.replace(/[sx]$/, ''), (w) => w.replace(/e?s$/, ''), (w) => w.replace(/e$/, ''),
];
const ENDS_IN_S_OR_X = /[sx]$/;

/** Memoised per lexicon (built once per language, never changed after) and per language asked (or none): a
 * consultation's words come back in proposal after proposal, and each was tried variant by variant (rewrites, then
 * every doubled letter, then the dictionary) at every use. */
const lookUps = new WeakMap<Map<string, number>, Map<SupportedLanguage | '', (word: string) => number | null>>();

function lookUp(word: string, lexicon: Map<string, number>, language?: SupportedLanguage): number | undefined {
  let byLanguage = lookUps.get(lexicon);
  if (!byLanguage) lookUps.set(lexicon, byLanguage = new Map());
  let memo = byLanguage.get(language ?? '');
  if (!memo) byLanguage.set(language ?? '', memo = memoiseWord((w) => weightOf(w, lexicon, language) ?? null));
  return memo(word) ?? undefined;
}

function weightOf(word: string, lexicon: Map<string, number>, language?: SupportedLanguage): number | undefined {
  if (word.length > MAX_WORD) return undefined;
  const exact = lexicon.get(word);
  if (exact !== undefined) return exact;
  for (const variant of VARIANTS) {
    const form = variant(word);
    if (form.length === word.length - 1 && ENDS_IN_S_OR_X.test(form) && ENDS_IN_S_OR_X.test(word)) continue;
    const weight = form !== word && form.length >= 2 ? lexicon.get(form) : undefined;
    if (weight !== undefined) return weight;
  }
  // one stretched letter in a word that has a double letter of its own ("coonasse"): undo one pair at a time
  for (const double of word.matchAll(DOUBLED)) {
    const form = word.slice(0, double.index) + word.slice(double.index + 1);
    const weight = lexicon.get(form) ?? lexicon.get(form.replace(/e?s$/, ''));
    if (weight !== undefined) return language !== undefined && isWord(language, word) ? undefined : weight;
  }
  return undefined;
}

function quotedWords(normalized: string, lexicon: ToxicLexicon): Set<string> {
  const out = new Set<string>();
  for (const m of normalized.matchAll(QUOTED)) for (const w of toxicTokens(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '', lexicon).tokens) out.add(w);
  return out;
}
