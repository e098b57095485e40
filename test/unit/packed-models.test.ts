/**
 * The packed, shared tables answer what the packages answer: ELD's verdicts (language and reliability) over the
 * packed n-grams equal the package's own `eld/large` on every dev text, and the packed French word list holds the
 * same words as the trie it was packed from.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { eld as packageEld } from 'eld/large';
import { DATA_DIR, readStream } from '../../bench/dev-data.js';
import { isFrenchWord, packTrie, parseTrieV3, useDictionaries } from '../../models/text/dictionaries.js';
import { eldGuess, initLanguageId } from '../../models/text/language-id.js';

const STREAMS = ['mondedapres-stream.csv', 'vff-stream.csv', 'en-open-stream.csv', 'de-open-stream.csv'];
/** The dev streams of ../shared/eval when present (CI has them); else the project's own French corpus and a few
 * sentences of other languages, so a clone without shared/ still compares the packed tables with the package. */
const devData = STREAMS.every((file) => existsSync(join(DATA_DIR, file)));
const OTHER_LANGUAGES = [
  'We should plant more trees along every street', 'Cities must build more bike lanes and parks',
  'Wir brauchen mehr Radwege und Bäume in der Stadt', 'Die Gemeinde sollte die Busse öfter fahren lassen',
  'Hay que construir más viviendas sociales en el centro', 'Necesitamos más transporte público por la noche',
  'Bisogna piantare più alberi nelle nostre città', 'Servono più piste ciclabili sicure per i bambini',
];
const texts = devData
  ? STREAMS.flatMap((file) => readStream(file).map((r) => r.text))
  : [...readFileSync(new URL('../../models/data/fr-proposals.txt', import.meta.url), 'utf8').split('\n').filter(Boolean), ...OTHER_LANGUAGES];

describe('packed model tables', () => {
  it('ELD over the packed n-grams gives the package\'s verdict on every dev text', async () => {
    await initLanguageId();
    expect(texts.length).toBeGreaterThan(devData ? 10000 : 3000);
    const differing = texts.filter((t) => {
      const packed = eldGuess(t);
      const own = packageEld.detect(t);
      return packed.language !== own.language || packed.reliable !== (own.language !== '' && own.isReliable());
    });
    expect(differing).toEqual([]);
    expect(new Set(texts.map((t) => eldGuess(t).language)).size).toBeGreaterThan(3);
  });

  it('the packed word list holds exactly the words of the trie it was packed from', () => {
    const file = join(dirname(createRequire(import.meta.url).resolve('@cspell/dict-fr-fr/cspell-ext.json')), 'fr-fr.trie.gz');
    const trie = parseTrieV3(gunzipSync(readFileSync(file)).toString('utf8'));
    const inTrie = (word: string) => {
      let node: typeof trie | undefined = trie;
      for (const ch of word) node = node?.next?.get(ch);
      return node?.end === true;
    };
    useDictionaries({ fr: packTrie(trie) });
    const words = [...new Set(texts.flatMap((t) => t.split(/[\s,.;:!?()"]+/)).filter(Boolean))];
    expect(words.length).toBeGreaterThan(devData ? 10000 : 5000);
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
