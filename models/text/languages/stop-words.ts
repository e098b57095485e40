/**
 * Stop words per consultation language, folded (lower case, no accents, as `foldText` reads them; a word cut at
 * an apostrophe gives its pieces: "don't" → "don", "t"): Snowball's stop lists, plus the words every proposal
 * uses whatever its subject (the verbs that open a proposal — "il faut", "we should", "man sollte", "hay que",
 * "bisogna" — and fillers). They carry no subject, but their mix carries the register: "je me suis senti…",
 * "I was…", "ich habe…" narrate, "il faut…", "we should…", "es muss…" propose.
 */
import { foldText, words } from '../normalize.js';
import { SUPPORTED_LANGUAGES, type SupportedLanguage } from './registry.js';

const SNOWBALL: Record<SupportedLanguage, string> = {
  fr: `au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me meme mes moi mon ne nos
notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l a m n
s t y ete etee etees etes etant etais etait etions etiez etaient suis es est sommes etes sont serai seras sera
serons serez seront serais serait serions seriez seraient etais fus fut fumes futes furent sois soit soyons soyez
soient fusse fusses fut fussions fussiez fussent ayant eu eue eues eus ai as avons avez ont aurai auras aura aurons
aurez auront aurais aurait aurions auriez auraient avais avait avions aviez avaient eut eumes eutes eurent aie aies
ait ayons ayez aient eusse eusses eut eussions eussiez eussent ceci cela celle celles celui ceux cet cette ici ils
leurs quel quels quelle quelles sans soi`,
  en: `i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself
it its itself they them their theirs themselves what which who whom this that these those am is are was were be been
being have has had having do does did doing would should could ought s t d ll ve re m don doesn didn isn aren wasn
weren hasn haven hadn won wouldn shan shouldn can cannot couldn mustn let a an the and but if or because as until
while of at by for with about against between into through during before after above below to from up down in out on
off over under again further then once here there when where why how all any both each few more most other some such
no nor not only own same so than too very`,
  de: `aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm andern
anderr anders auch auf aus bei bin bis bist da damit dann der den des dem die das dass daß derselbe derselben
denselben desselben demselben dieselbe dieselben dasselbe dazu dein deine deinem deinen deiner deines denn derer
dessen dich dir du dies diese diesem diesen dieser dieses doch dort durch ein eine einem einen einer eines einig
einige einigem einigen einiger einiges einmal er ihn ihm es etwas euer eure eurem euren eurer eures fur gegen
gewesen hab habe haben hat hatte hatten hier hin hinter ich mich mir ihr ihre ihrem ihren ihrer ihres euch im in
indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner
keines konnen konnte machen man manche manchem manchen mancher manches mein meine meinem meinen meiner meines mit
muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie
ihnen sind so solche solchem solchen solcher solches soll sollte sondern sonst uber um und uns unsere unserem
unseren unser unseres unter viel vom von vor wahrend war waren warst was weg weil weiter welche welchem welchen
welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen wollte wurde wurden zu zum zur zwar
zwischen`,
  es: `de la que el en y a los del se las por un para con no una su al lo como mas pero sus le ya o este si porque esta
entre cuando muy sin sobre tambien me hasta hay donde quien desde todo nos durante todos uno les ni contra otros ese
eso ante ellos e esto mi antes algunos que unos yo otro otras otra el tanto esa estos mucho quienes nada muchos cual
poco ella estar estas algunas algo nosotros mis tu te ti tus ellas nosotras vosotros vosotras os mio mia mios mias
tuyo tuya tuyos tuyas suyo suya suyos suyas nuestro nuestra nuestros nuestras vuestro vuestra vuestros vuestras esos
esas estoy estas esta estamos estais estan este estes estemos esteis esten he has ha hemos habeis han haya hayas
hayamos hayais hayan habia habian soy eres es somos sois son sea seas seamos seais sean era eras eramos erais eran
fue fueron fui tengo tienes tiene tenemos teneis tienen tenia tenian`,
  it: `ad al allo ai agli all agl alla alle con col coi da dal dallo dai dagli dall dagl dalla dalle di del dello dei
degli dell degl della delle in nel nello nei negli nell negl nella nelle su sul sullo sui sugli sull sugl sulla sulle
per tra contro io tu lui lei noi voi loro mio mia miei mie tuo tua tuoi tue suo sua suoi sue nostro nostra nostri
nostre vostro vostra vostri vostre mi ti ci vi lo la li le gli ne il un uno una ma ed se perche anche come dov dove
che chi cui non piu quale quanto quanti quanta quante quello quelli quella quelle questo questi questa queste si
tutto tutti a c e i l o ho hai ha abbiamo avete hanno abbia abbiano avevo aveva avevano sono sei siamo siete sia
siano ero era erano fui fu furono sto stai sta stiamo state stanno`,
};

/** The words that open or pad a proposal in each language, whatever its subject. */
const PROPOSAL_FILLERS: Record<SupportedLanguage, string> = {
  fr: `faut falloir faudrait faudra fallait doit doivent devrait devraient peut peuvent pourrait pourraient plus moins
tres tout tous toute toutes aussi afin ainsi etc comme dont donc car si non oui ne pas mettre faire fait faits place
avoir etre chaque autre autres certains certaines cela`,
  en: `should must need needs needed would could can will shall may might also more less every etc make makes made
put get like just well`,
  de: `sollen sollten solle muss mussen musste musste mussten kann konnen konnte konnten soll sollte darf durfen
mehr weniger werden worden wurde geben gibt gebe sowie bzw usw etc beim damit dafur dass`,
  es: `hay debe deben deberia deberian debemos puede pueden podria podrian hacer hace mas menos tambien cada etc
ademas asi mejor`,
  it: `bisogna bisognerebbe deve devono dovrebbe dovrebbero occorre serve servono puo possono potrebbe potrebbero
fare piu meno molto anche ogni etc inoltre cosi essere avere`,
};

const sets = new Map<SupportedLanguage, ReadonlySet<string>>();

export function stopWords(language: SupportedLanguage): ReadonlySet<string> {
  let set = sets.get(language);
  if (!set) sets.set(language, set = new Set(`${SNOWBALL[language]} ${PROPOSAL_FILLERS[language]}`.split(/\s+/).filter(Boolean)));
  return set;
}

/** A text clearly reads as a language with at least this many of its stop words… */
const CLEAR_MIN_STOP_WORDS = 3;
/** …and this many times as many as of any other supported language (they share a few: "de", "la", "a", "in"). */
const CLEAR_LEAD = 2;

/** The supported language a text clearly reads as by its stop words, null when unclear: a title ("Energie",
 * "$15/hour") has none, a mixed text no leader. Cheap (no model), for the API process. */
export function clearLanguageOf(text: string): SupportedLanguage | null {
  const folded = words(foldText(text));
  const counts = SUPPORTED_LANGUAGES.map((language) => ({ language, n: folded.filter((w) => stopWords(language).has(w)).length }))
    .sort((a, b) => b.n - a.n);
  const [first, second] = counts as [typeof counts[number], typeof counts[number]];
  return first.n >= CLEAR_MIN_STOP_WORDS && first.n >= CLEAR_LEAD * second.n ? first.language : null;
}
