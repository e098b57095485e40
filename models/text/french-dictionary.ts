/**
 * The French word list of @cspell/dict-fr-fr (Hunspell's fr_FR, about 600k inflected forms), read from the
 * package's compressed trie (cspell "TrieXv3" text format) into a shared-suffix trie, then packed into flat
 * arrays in one SharedArrayBuffer (models/text/shared-tables.ts): a worker process holds one copy for all its
 * triage threads. As JavaScript objects and Maps the trie took ~90 MB of heap per thread; packed, a few MB.
 * A look-up costs a few hundred nanoseconds.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { memoiseWord } from './memo.js';

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

/** The word list's trie read from the package and packed (≈1 s, ~90 MB of transient heap). */
export function packFrenchDictionary(): SharedArrayBuffer {
  // The package exports only its cspell manifest; the trie sits next to it.
  const file = join(dirname(require.resolve('@cspell/dict-fr-fr/cspell-ext.json')), 'fr-fr.trie.gz');
  return packTrie(parseTrieV3(gunzipSync(readFileSync(file)).toString('utf8')));
}

function has(t: PackedTrie, word: string): boolean {
  let node = 0;
  for (const ch of word) {
    // an astral character is two code units: no single edge holds it
    if (ch.length !== 1) return false;
    const code = ch.charCodeAt(0);
    let lo = t.edgeAt[node]!;
    let hi = t.edgeAt[node + 1]! - 1;
    node = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = t.edgeChar[mid]!;
      if (c === code) { node = t.edgeTarget[mid]!; break; }
      if (c < code) lo = mid + 1;
      else hi = mid - 1;
    }
    if (node < 0) return false;
  }
  return t.end[node] === 1;
}

let trie: PackedTrie | null = null;

/** Reads the word list from its packed buffer (the process's shared tables, models/text/shared-tables.ts). */
export function useFrenchDictionary(buffer: ArrayBufferLike): void {
  trie = trieViews(buffer);
}

function packed(): PackedTrie {
  return trie ??= trieViews(packFrenchDictionary());
}

/** Is `word` (any case) a French word form? Tries it as written, in lower case, and capitalised (proper nouns),
 * then in the list's own spelling of what keyboards type otherwise: the typographic apostrophe (the checks read
 * "aujourd'hui", the list holds "aujourd’hui") and the ligatures œ, æ ("boeuf", "oeuvre").
 * Memoised: up to eight trie walks a word, for every word of every proposal, by several checks. */
export const isFrenchWord = memoiseWord((word: string): boolean => {
  if (hasAnyCase(word)) return true;
  const listSpelling = word.replace(/'/g, '’').replace(/oe/g, 'œ').replace(/O[eE]/g, 'Œ').replace(/ae/g, 'æ');
  return listSpelling !== word && hasAnyCase(listSpelling);
});

function hasAnyCase(word: string): boolean {
  const t = packed();
  const lower = word.toLowerCase();
  return has(t, word) || has(t, lower) || has(t, lower.charAt(0).toUpperCase() + lower.slice(1))
    || has(t, '~' + lower);
}
