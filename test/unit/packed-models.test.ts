/**
 * The packed, shared tables answer what the packages answer: ELD's verdicts over the packed n-grams equal the
 * package's own `eld/large` on every dev text, and the packed French word list holds the same words as the
 * trie it was packed from.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { eld as packageEld } from 'eld/large';
import { readStream } from '../../bench/dev-data.js';
import { isFrenchWord, packTrie, parseTrieV3, useFrenchDictionary } from '../../models/text/french-dictionary.js';
import { eldLanguage, initLanguageId } from '../../models/text/language-id.js';

const texts = ['mondedapres-stream.csv', 'vff-stream.csv', 'en-open-stream.csv', 'de-open-stream.csv']
  .flatMap((file) => readStream(file).map((r) => r.text));

describe('packed model tables', () => {
  it('ELD over the packed n-grams gives the package\'s verdict on every dev text', async () => {
    await initLanguageId();
    expect(texts.length).toBeGreaterThan(10000);
    const differing = texts.filter((t) => eldLanguage(t) !== packageEld.detect(t).language);
    expect(differing).toEqual([]);
    expect(new Set(texts.slice(0, 2000).map(eldLanguage)).size).toBeGreaterThan(3);
  });

  it('the packed word list holds exactly the words of the trie it was packed from', () => {
    const file = join(dirname(createRequire(import.meta.url).resolve('@cspell/dict-fr-fr/cspell-ext.json')), 'fr-fr.trie.gz');
    const trie = parseTrieV3(gunzipSync(readFileSync(file)).toString('utf8'));
    const inTrie = (word: string) => {
      let node: typeof trie | undefined = trie;
      for (const ch of word) node = node?.next?.get(ch);
      return node?.end === true;
    };
    useFrenchDictionary(packTrie(trie));
    const words = [...new Set(texts.flatMap((t) => t.split(/[\s,.;:!?()"]+/)).filter(Boolean))];
    expect(words.length).toBeGreaterThan(10000);
    const anyCase = (w: string) => {
      const lower = w.toLowerCase();
      return [w, lower, lower.charAt(0).toUpperCase() + lower.slice(1), '~' + lower].some(inTrie);
    };
    // isFrenchWord also tries the list's own spellings (’, œ, æ): compare on words without them
    const plain = words.filter((w) => !/['’]|oe|OE|Oe|ae/.test(w));
    expect(plain.filter((w) => isFrenchWord(w) !== anyCase(w))).toEqual([]);
    expect(plain.filter((w) => isFrenchWord(w)).length).toBeGreaterThan(plain.length / 2);
  });
});
