/**
 * Evidence quotes what the author wrote; lexicon checks match a reading of it (folded, look-alike letters and
 * spelling tricks undone). Read piece by piece (the pieces between spaces of the normalised text, which has single
 * spaces), each word read knows where it was written.
 */

/** Where a word was read: the piece of the text it comes from, and its rank among that piece's words ("d'attardé"
 * reads as "d", "attarde"). */
interface WordPlace { piece: { start: number; end: number }; rank: number }

/** How a check reads one piece of text into words (`words(matchKey(piece))`, or with spelling tricks undone). */
export type Reading = (piece: string) => readonly string[];

/** A quoter of the words a check read from a whole text (`words`, as `read(normalized)` gives them): word `first` to
 * word `last` as the author wrote them. The text is read again piece by piece, where each word knows its place,
 * only when something is quoted (most texts have nothing to quote); should that reading differ (a character that
 * reads as a space), the words are quoted as read. */
export function quoter(normalized: string, read: Reading, words: readonly string[]): (first: number, last: number) => string {
  let places: WordPlace[] | null | undefined;
  return (first, last) => {
    if (places === undefined) {
      const pieces = readPieces(normalized, read);
      places = pieces.words.join(' ') === words.join(' ') ? pieces.places : null;
    }
    return places ? writtenBetween(normalized, places[first]!, places[last]!, read) : words.slice(first, last + 1).join(' ');
  };
}

/** The words of a text as `read` reads it, each with where it was written: the same words as reading the whole
 * text when `read` reads each character alone and a space stays a space, as matchKey does. */
function readPieces(normalized: string, read: Reading): { words: string[]; places: WordPlace[] } {
  const words: string[] = [];
  const places: WordPlace[] = [];
  let start = 0;
  for (const piece of normalized.split(' ')) {
    const span = { start, end: start + piece.length };
    start = span.end + 1;
    read(piece).forEach((word, rank) => {
      words.push(word);
      places.push({ piece: span, rank });
    });
  }
  return { words, places };
}

/** Punctuation and quotation marks around words, not quoted with them ("imbécil," → "imbécil", "con…" → "con"). */
const AROUND = /[!?.,;:"«»“”„()[\]{}…-]/u;
/** A run of letters and digits: a part of a piece ("d'attardé": "d", "attardé"). A part alone may read otherwise than
 * within its piece ("c*nnard", "$alope", "enc.ulé"): then the whole piece is quoted. */
const WORD_PART = /[\p{L}\p{M}\p{N}]+/gu;

/** What the author wrote from one word read to another, without the punctuation around it: the parts of their
 * pieces the words were read from when the parts, read alone, give the piece's words ("attardé" in "d'attardé");
 * else the whole pieces. */
function writtenBetween(normalized: string, first: WordPlace, last: WordPlace, read: Reading): string {
  let start = (partsOf(normalized, first, read)?.[first.rank] ?? first.piece).start;
  let end = (partsOf(normalized, last, read)?.[last.rank] ?? last.piece).end;
  while (start < end - 1 && AROUND.test(normalized[start]!)) start++;
  while (end > start + 1 && AROUND.test(normalized[end - 1]!)) end--;
  return normalized.slice(start, end);
}

/** Where each word of a place's piece was written, or null when its parts do not read as the piece does. */
function partsOf(normalized: string, place: WordPlace, read: Reading): { start: number; end: number }[] | null {
  const { start, end } = place.piece;
  const piece = normalized.slice(start, end);
  const partWords: string[] = [];
  const spans: { start: number; end: number }[] = [];
  for (const part of piece.matchAll(WORD_PART)) {
    for (const word of read(part[0])) {
      partWords.push(word);
      spans.push({ start: start + part.index, end: start + part.index + part[0].length });
    }
  }
  return partWords.join(' ') === read(piece).join(' ') ? spans : null;
}

/** Where each word starts in `words.join(' ')`. */
export function wordOffsets(words: readonly string[]): number[] {
  const out: number[] = [];
  let offset = 0;
  for (const word of words) {
    out.push(offset);
    offset += word.length + 1;
  }
  return out;
}

/** The word at a position of `words.join(' ')` (the last one starting at or before it). */
export function wordAt(offsets: readonly number[], position: number): number {
  let low = 0;
  let high = offsets.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (offsets[middle]! <= position) low = middle;
    else high = middle - 1;
  }
  return low;
}
