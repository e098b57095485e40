/**
 * The word lists of the supported languages, from the @cspell/dict-* packages (Hunspell lists: fr_FR about 600k
 * inflected forms, en_US and en_GB, de_DE with its compound parts, es_ES, it_IT), each read from the package's compressed
 * trie (cspell "TrieXv3" text format) into a shared-suffix trie, then packed into flat arrays in one
 * SharedArrayBuffer (models/text/shared-tables.ts): a worker process holds one copy for all its triage threads.
 * As JavaScript objects and Maps the French trie took ~90 MB of heap per thread; packed, a few MB (all five:
 * fr 3.6, de 9.8, it 2.6, en 2.4 with the British list, es 1.2 MB). A look-up costs a few hundred nanoseconds.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { memoiseWord } from './memo.js';
import { SUPPORTED_LANGUAGES, type SupportedLanguage } from './languages/registry.js';

interface TrieNode {
  end: boolean;
  next: Map<string, TrieNode> | null;
}

const DATA_MARK = '__DATA__\n';
const require = createRequire(import.meta.url);

/** Parses a TrieXv3 text: characters go down, `$` ends a word, `<` goes back up, a digit repeats the last
 * `$`/`<`, `#n;` reuses an earlier node (nodes are numbered in pre-order as they get their first child). */
export function parseTrieV3(text: string): TrieNode {
  const header = text.slice(0, text.indexOf(DATA_MARK));
  const radix = Number(/base=(\d+)/.exec(header)?.[1] ?? 16);
  const root: TrieNode = { end: false, next: null };
  const numbered: TrieNode[] = [];
  const stack: TrieNode[] = [root];
  const chars: string[] = [''];
  const up = (n: number) => { stack.length -= n; chars.length -= n; };
  const addChild = (ch: string) => {
    const parent = stack[stack.length - 1]!;
    if (!parent.next) { parent.next = new Map(); numbered.push(parent); }
    const child: TrieNode = { end: false, next: null };
    parent.next.set(ch, child);
    stack.push(child);
    chars.push(ch);
  };
  const count = (i: number): [number, number] => {
    let j = i;
    while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    return [j === i ? 1 : Number(text.slice(i, j)), j];
  };
  let i = text.indexOf(DATA_MARK) + DATA_MARK.length;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n' || c === '\r') { i++; continue; }
    if (c === '$' || c === '<') {
      if (c === '$') stack[stack.length - 1]!.end = true;
      const [n, j] = count(i + 1);
      up(n);
      i = j;
    } else if (c === '#') {
      const close = text.indexOf(';', i);
      const target = numbered[parseInt(text.slice(i + 1, close), radix)]!;
      const parent = stack[stack.length - 2]!;
      parent.next!.set(chars[chars.length - 1]!, target);
      stack[stack.length - 1] = target;
      i = close + 1;
    } else if (c === '\\') {
      const escaped = text[i + 1]!;
      addChild(escaped === 'n' ? '\n' : escaped === 'r' ? '\r' : escaped);
      i += 2;
    } else {
      addChild(c);
      i++;
    }
  }
  return root;
}

/**
 * The trie as flat arrays: node i ends a word when `end[i]`; its edges are [edgeAt[i], edgeAt[i + 1]), sorted
 * by character (UTF-16 code unit, as the TrieXv3 text holds them), each going to node `edgeTarget[e]`. Node 0
 * is the root. Shared suffixes stay shared (one node reached by several edges).
 */
interface PackedTrie { end: Uint8Array; edgeAt: Int32Array; edgeChar: Uint16Array; edgeTarget: Int32Array }

const align4 = (n: number) => (n + 3) & ~3;

function trieViews(buffer: ArrayBufferLike): PackedTrie {
  const [nodes, edges] = new Int32Array(buffer, 0, 2) as unknown as [number, number];
  let at = 8;
  const edgeAt = new Int32Array(buffer, at, nodes + 1);
  at += (nodes + 1) * 4;
  const edgeTarget = new Int32Array(buffer, at, edges);
  at += edges * 4;
  const edgeChar = new Uint16Array(buffer, at, edges);
  at += align4(edges * 2);
  return { end: new Uint8Array(buffer, at, nodes), edgeAt, edgeChar, edgeTarget };
}

/** Packs a parsed trie into a SharedArrayBuffer. */
export function packTrie(root: TrieNode): SharedArrayBuffer {
  const ids = new Map<TrieNode, number>([[root, 0]]);
  const order: TrieNode[] = [root];
  let edges = 0;
  for (let i = 0; i < order.length; i++) {
    for (const child of order[i]!.next?.values() ?? []) {
      edges++;
      if (!ids.has(child)) { ids.set(child, order.length); order.push(child); }
    }
  }
  const nodes = order.length;
  const buffer = new SharedArrayBuffer(8 + (nodes + 1) * 4 + edges * 4 + align4(edges * 2) + nodes);
  new Int32Array(buffer, 0, 2).set([nodes, edges]);
  const packed = trieViews(buffer);
  let e = 0;
  order.forEach((node, i) => {
    packed.end[i] = node.end ? 1 : 0;
    packed.edgeAt[i] = e;
    for (const [ch, child] of [...(node.next ?? [])].sort(([a], [b]) => a.charCodeAt(0) - b.charCodeAt(0))) {
      packed.edgeChar[e] = ch.charCodeAt(0);
      packed.edgeTarget[e++] = ids.get(child)!;
    }
  });
  packed.edgeAt[nodes] = e;
  return buffer;
}

/** Where each language's tries are in their packages (the packages export only their cspell manifest). English
 * has the American and the British lists: a consultation in the UK writes "neighbourhood", "colour", "organise". */
const TRIE_FILES: Record<SupportedLanguage, readonly (readonly [pkg: string, file: string])[]> = {
  fr: [['@cspell/dict-fr-fr', 'fr-fr.trie.gz']],
  en: [['@cspell/dict-en_us', 'en_US.trie.gz'], ['@cspell/dict-en-gb-mit', 'en_GB.trie.gz']],
  de: [['@cspell/dict-de-de', 'de_DE.trie.gz']],
  es: [['@cspell/dict-es-es', 'Spanish.trie.gz']],
  it: [['@cspell/dict-it-it', 'dict/it-it.trie']],
};

/** Each language's word-list packages, in the languages' order. */
export const DICTIONARY_SOURCES = SUPPORTED_LANGUAGES.flatMap((language) => TRIE_FILES[language].map(([pkg]) => ({ language, pkg })));

/** A language's word lists read from their packages, joined and packed (French ≈1 s and ~90 MB of transient heap;
 * German ≈3×). */
export function packDictionary(language: SupportedLanguage): SharedArrayBuffer {
  const tries = TRIE_FILES[language].map(([pkg, file]) => {
    const raw = readFileSync(join(dirname(require.resolve(`${pkg}/cspell-ext.json`)), file));
    return parseTrieV3((file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8'));
  });
  return packTrie(tries.reduce((joined, next) => unionTrie(joined, next)));
}

/** The words of both tries, in new nodes where they differ: their nodes are shared between words (a suffix
 * reused by `#n;`), so neither is changed; a pair met again gives the same node, which keeps the sharing. */
function unionTrie(a: TrieNode, b: TrieNode, done = new Map<TrieNode, Map<TrieNode, TrieNode>>()): TrieNode {
  if (a === b) return a;
  const known = done.get(a)?.get(b);
  if (known) return known;
  const next = new Map(a.next ?? []);
  for (const [ch, child] of b.next ?? []) {
    const mine = next.get(ch);
    next.set(ch, mine ? unionTrie(mine, child, done) : child);
  }
  const node: TrieNode = { end: a.end || b.end, next: next.size ? next : null };
  if (!done.has(a)) done.set(a, new Map());
  done.get(a)!.set(b, node);
  return node;
}

/** Follows one character from `node`; -1 when no edge has it. */
function step(t: PackedTrie, node: number, code: number): number {
  let lo = t.edgeAt[node]!;
  let hi = t.edgeAt[node + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = t.edgeChar[mid]!;
    if (c === code) return t.edgeTarget[mid]!;
    if (c < code) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The node `text` leads to from the root, -1 when no listed word starts with it. */
function walk(t: PackedTrie, text: string): number {
  let node = 0;
  for (const ch of text) {
    // an astral character is two code units: no single edge holds it
    if (ch.length !== 1) return -1;
    node = step(t, node, ch.charCodeAt(0));
    if (node < 0) return -1;
  }
  return node;
}

function has(t: PackedTrie, word: string): boolean {
  const node = walk(t, word);
  return node >= 0 && t.end[node] === 1;
}

const tries = new Map<SupportedLanguage, PackedTrie>();

/** Reads the word lists from their packed buffers (the process's shared tables, models/text/shared-tables.ts). */
export function useDictionaries(buffers: Readonly<Partial<Record<SupportedLanguage, ArrayBufferLike>>>): void {
  for (const [lang, buffer] of Object.entries(buffers) as [SupportedLanguage, ArrayBufferLike][]) tries.set(lang, trieViews(buffer));
}

function packed(language: SupportedLanguage): PackedTrie {
  let t = tries.get(language);
  if (!t) tries.set(language, t = trieViews(packDictionary(language)));
  return t;
}

const PLUS = '+'.charCodeAt(0);
/** a compound of more parts than this is not looked for (cost grows with them, words with more are rare) */
const MAX_COMPOUND_PARTS = 4;
const MIN_COMPOUND_PART = 3;

/** The list's own spellings of what keyboards type otherwise: the typographic apostrophe (the checks read
 * "aujourd'hui", the list holds "aujourd’hui"), in French the ligatures œ, æ ("boeuf", "oeuvre"), in German the
 * ß of the reformed spelling for the older "muß" and the Swiss "ausserhalb". */
function listSpelling(language: SupportedLanguage, word: string): string {
  const typographic = word.replace(/'/g, '’');
  if (language === 'fr') return typographic.replace(/oe/g, 'œ').replace(/O[eE]/g, 'Œ').replace(/ae/g, 'æ');
  if (language === 'de') return typographic.includes('ß') ? typographic.replace(/ß/g, 'ss') : typographic.replace(/ss/g, 'ß');
  return typographic;
}

const lookUps = new Map<SupportedLanguage, (word: string) => boolean>();

/** Is `word` (any case) a word form of `language`? Tries it as written, in lower case and capitalised (proper
 * nouns), then in the list's own spelling; in German, as a compound of the list's parts ("Wärme+" "+pumpe").
 * Memoised: up to eight trie walks a word, for every word of every proposal, by several checks. */
export function isWord(language: SupportedLanguage, word: string): boolean {
  let lookUp = lookUps.get(language);
  if (!lookUp) {
    lookUp = memoiseWord((w: string): boolean => {
      const t = packed(language);
      if (hasAnyCase(t, w)) return true;
      const spelled = listSpelling(language, w);
      if (spelled !== w && hasAnyCase(t, spelled)) return true;
      return language === 'de' && isCompound(t, w);
    });
    lookUps.set(language, lookUp);
  }
  return lookUp(word);
}

export const isFrenchWord = (word: string): boolean => isWord('fr', word);

/** Does a word form of `language` start with `start` (in lower case or capitalised)? What a word shortened with a
 * period keeps of it ("landwirtsch." of "landwirtschaftlich", "allgem.", "approx."). */
export function beginsWord(language: SupportedLanguage, start: string): boolean {
  const t = packed(language);
  const lower = start.toLowerCase();
  return walk(t, lower) >= 0 || walk(t, capitalised(lower)) >= 0;
}

function hasAnyCase(t: PackedTrie, word: string): boolean {
  const lower = word.toLowerCase();
  return has(t, word) || has(t, lower) || has(t, capitalised(lower)) || has(t, '~' + lower);
}

const capitalised = (lower: string) => lower.charAt(0).toUpperCase() + lower.slice(1);

/** Where the parts of a compound end ("klimaschutzmaßnahme" → [5, 11, 19]), or null when it is not one. */
function compoundEnds(t: PackedTrie, word: string): number[] | null {
  const lower = word.toLowerCase();
  if (lower.length < 2 * MIN_COMPOUND_PART || lower.length > 40) return null;
  // reach[i]: parts ending at i, 0 = not reached; from[i]: where the part ending at i starts; one walk from each
  // reached start
  const reach = new Uint8Array(lower.length + 1);
  const from = new Uint8Array(lower.length + 1);
  const first = [lower, capitalised(lower)];
  for (const form of first) {
    let node = 0;
    for (let i = 0; i < form.length - MIN_COMPOUND_PART && node >= 0; i++) {
      node = step(t, node, form.charCodeAt(i));
      if (node >= 0 && i + 1 >= MIN_COMPOUND_PART && continues(t, node)) reach[i + 1] = 1;
    }
  }
  for (let start = MIN_COMPOUND_PART; start < lower.length; start++) {
    const parts = reach[start]!;
    if (parts === 0 || parts >= MAX_COMPOUND_PARTS) continue;
    let node = step(t, 0, PLUS);
    for (let i = start; i < lower.length && node >= 0; i++) {
      node = step(t, node, lower.charCodeAt(i));
      if (node < 0 || i + 1 - start < MIN_COMPOUND_PART) continue;
      if (i + 1 === lower.length && t.end[node] === 1) {
        const ends = [lower.length];
        for (let at = start; at > 0; at = reach[at] === 1 ? 0 : from[at]!) ends.unshift(at);
        return ends;
      }
      if (continues(t, node) && reach[i + 1] === 0) { reach[i + 1] = parts + 1; from[i + 1] = start; }
    }
  }
  return null;
}

/** A part of a compound read from the list's whole words (not its marked compound parts) has at least this many
 * letters: German has many short words ("ab", "er", "tun"), and a mash of letters splits into them far more often
 * than into words of four letters. */
const MIN_LISTED_PART = 4;
/** What German puts between the parts of a compound (Fugenelemente: "Leerstand-s-abgabe", "Generation-en-haus");
 * a first part may also drop its final "e" ("Pump(e)speicher", "Schul(e)buch"). */
const LINKS = ['es', 'en', 's', 'n'];
/** "Wasser|pump|speicher|kraft|werke": the list's marked parts cut finer than its words. */
const MAX_WORD_PARTS = 5;
const E = 'e'.charCodeAt(0);

/** "Wasserpumpspeicherkraftwerke", "Zinsenlosen", "klimaneutrale": a word made of two to MAX_WORD_PARTS parts, each a word the
 * list holds (any case, any of its forms, so that a derived or inflected last part counts: "neutrale", "losen") or
 * one of its marked compound parts ("Klima+", "+schutz+", "+werke"), joined directly, by a linking element or with a
 * first part's final "e" dropped. The list holds few compounds whole and marks parts for only some: reading the
 * others as unknown words sent real German comments to a moderator as incomprehensible (docs/QUALITY.md, "German").
 * One set of trie walks from each place a part may start. */
function isCompound(t: PackedTrie, word: string): boolean {
  const lower = word.toLowerCase();
  if (lower.length < 2 * MIN_COMPOUND_PART || lower.length > 40) return false;
  // parts[i]: the word's first i letters split into this many parts (0: not reached)
  const parts = new Uint8Array(lower.length + 1);
  const reach = (at: number, count: number) => { if (at < lower.length && parts[at] === 0) parts[at] = count; };
  for (let start = 0; start < lower.length; start++) {
    if (start > 0 && parts[start] === 0) continue;
    const count = parts[start]! + 1;
    if (count > MAX_WORD_PARTS) continue;
    const { words, heads } = partsFrom(t, lower, start);
    for (const end of words) {
      if (end === lower.length) { if (count > 1) return true; continue; }
      reach(end, count);
      for (const link of LINKS) if (lower.startsWith(link, end)) reach(end + link.length, count);
    }
    for (const end of heads) reach(end, count);
  }
  return false;
}

/** The parts that may start at `start`: `words` end where a listed word does (or a marked last part, "+werke"),
 * and may end the compound; `heads` end where a marked first or middle part does ("Klima+", "+schutz+"), or a
 * listed word without its final "e", and need a part after them. */
function partsFrom(t: PackedTrie, lower: string, start: number): { words: number[]; heads: number[] } {
  const words: number[] = [];
  const heads: number[] = [];
  const walk = (from: number, at: number, minWord: number) => {
    let node = from;
    for (let i = at; node >= 0; i++) {
      const length = i - start;
      if (length >= MIN_COMPOUND_PART) {
        if (t.end[node] === 1 && length >= minWord) words.push(i);
        if (continues(t, node)) heads.push(i);
        else if (length >= MIN_LISTED_PART && i < lower.length && lower.charCodeAt(i) !== E && t.end[step(t, node, E)] === 1) heads.push(i);
      }
      if (i === lower.length) return;
      node = step(t, node, lower.charCodeAt(i));
    }
  };
  walk(step(t, 0, lower.charCodeAt(start)), start + 1, MIN_LISTED_PART);
  const capital = lower.charAt(start).toUpperCase().charCodeAt(0);
  if (capital !== lower.charCodeAt(start)) walk(step(t, 0, capital), start + 1, MIN_LISTED_PART);
  if (start > 0) walk(step(t, 0, PLUS), start, MIN_COMPOUND_PART);
  return { words, heads };
}

const splitters = new Map<SupportedLanguage, (word: string) => readonly string[]>();
/** A word the list holds whole is split from this length: shorter ones are mostly simple words that happen to
 * read as two parts ("Verbrauch" is not "Verb" + "Rauch", "Maßnahme" not "Maß" + "Nahme"). */
const SPLIT_LISTED_FROM = 10;

/** The parts of a German compound in lower case ("Energieverbrauch" → "energie", "verbrauch"), or the word
 * alone when it is not a compound (other languages: always the word alone): a
 * consultation on "Energie" is answered by "Energiesektor" and "Energieverbrauch". Memoised. */
export function compoundParts(language: SupportedLanguage, word: string): readonly string[] {
  if (language !== 'de') return [word];
  let split = splitters.get(language);
  if (!split) {
    split = memoiseWord((w: string): readonly string[] => {
      const t = packed(language);
      const ends = w.length >= SPLIT_LISTED_FROM || !hasAnyCase(t, w) ? compoundEnds(t, w) : null;
      if (ends === null) return [w];
      const lower = w.toLowerCase();
      return ends.map((end, i) => lower.slice(i === 0 ? 0 : ends[i - 1], end));
    });
    splitters.set(language, split);
  }
  return split(word);
}

/** the list holds the part read so far followed by "+": a compound goes on after it */
function continues(t: PackedTrie, node: number): boolean {
  const plus = step(t, node, PLUS);
  return plus >= 0 && t.end[plus] === 1;
}
