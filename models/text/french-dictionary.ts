/**
 * The French word list of @cspell/dict-fr-fr (Hunspell's fr_FR, about 600k inflected forms), read from the
 * package's compressed trie (cspell "TrieXv3" text format) into a shared-suffix trie kept in memory.
 * Loaded once, synchronously, on first use (≈0.5 s); a look-up then costs a few hundred nanoseconds.
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

function has(root: TrieNode, word: string): boolean {
  let node: TrieNode | undefined = root;
  for (const ch of word) {
    node = node.next?.get(ch);
    if (!node) return false;
  }
  return node.end;
}

let trie: TrieNode | null = null;

function load(): TrieNode {
  // The package exports only its cspell manifest; the trie sits next to it.
  const file = join(dirname(require.resolve('@cspell/dict-fr-fr/cspell-ext.json')), 'fr-fr.trie.gz');
  return parseTrieV3(gunzipSync(readFileSync(file)).toString('utf8'));
}

/** Loads the word list now (else on first look-up). */
export function loadFrenchDictionary(): void {
  trie ??= load();
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
  trie ??= load();
  const lower = word.toLowerCase();
  return has(trie, word) || has(trie, lower) || has(trie, lower.charAt(0).toUpperCase() + lower.slice(1))
    || has(trie, '~' + lower);
}
