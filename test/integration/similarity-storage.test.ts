/** How the similarity index lays out its Redis keys (issue 15: bytes per proposal), on a real Redis: LSH
 * levels by intake sequence, short term postings in shared pages moved to their own key once long. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { keys } from '../../models/store/keys.js';
import { SimilarityIndex, indexEntriesOf } from '../../models/store/similarity-index.js';
import { ErasureStore } from '../../models/store/erasure.js';
import { SemanticIndex } from '../../models/store/semantic-index.js';
import { SUPPORTED_LANGUAGES } from '../../models/text/languages/registry.js';
import { contentTerms } from '../../models/similarity/features.js';
import { foldText, normalizeText } from '../../models/text/normalize.js';
import { TERM_PAGED_BYTES } from '../../models/store/similarity-scripts.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';

let testRedis: TestRedis;
let redis: Redis;
let index: SimilarityIndex;
beforeAll(async () => {
  testRedis = await startTestRedis();
  redis = testRedis.client();
  index = new SimilarityIndex(redis);
});
afterAll(() => testRedis.stop());

/** Stores the proposal hash the verification reads, then registers the proposal. */
async function register(cid: string, seq: number, text: string) {
  await redis.hset(keys.proposal(cid, seq), 'text', text, 'ext', `e${seq}`, 'st', 'accepted');
  const [matches] = await index.registerAndMatch(cid, 'fr', [{ seq, folded: foldText(normalizeText(text)) }]);
  return matches!;
}

describe('similarity index storage', () => {
  it('finds a near copy filed at any LSH level: first 4,096 sequences, up to 32,768, beyond', async () => {
    const text = 'Il faut développer les pistes cyclables sécurisées entre les villages de la vallée';
    for (const seq of [7, 5000, 40000]) await register('lsh', seq, text);
    const matches = await register('lsh', 40001, `${text} !`);
    expect(matches.filter((m) => m.viaLsh).map((m) => m.seq).sort((a, b) => a - b)).toEqual([7, 5000, 40000]);
    // each filed once, at its own level: three page keys per band hold the text's bucket
    const { buckets } = indexEntriesOf('lsh', foldText(normalizeText(text)), 'fr');
    const filed = await Promise.all(buckets.map(([page, field]) => redis.hgetBuffer(page, field)));
    expect(filed.filter((v) => v !== null).length).toBe(buckets.length);
    expect(filed.reduce((n, v) => n + (v?.length ?? 0), 0)).toBe(buckets.length / 3 * 4 * 4);
  });

  it('keeps a term\'s postings in its page while short, in a key of its own once longer', async () => {
    const limit = TERM_PAGED_BYTES / 4;
    const folded = (i: number) => foldText(normalizeText(`Il faut un téléphérique numéro ${i} au-dessus du fleuve`));
    const term = contentTerms(folded(0), 'fr').find((t) => t.startsWith('telepher'))!;
    const [ownKey, page, field] = indexEntriesOf('terms', folded(0), 'fr').postings.find(([, , t]) => t === term)!;
    for (let seq = 1; seq <= limit; seq++) await index.add('terms', 'fr', [{ seq, folded: folded(seq) }]);
    expect(await redis.exists(ownKey)).toBe(0);
    expect((await redis.hgetBuffer(page, field))!.length).toBe(limit * 4);

    await index.add('terms', 'fr', [{ seq: limit + 1, folded: folded(limit + 1) }]);
    expect(await redis.hexists(page, field)).toBe(0);
    expect(await redis.strlen(ownKey)).toBe((limit + 1) * 4);

  });

  it('erases a text out of the index whatever language its consultation had when it was filed', async () => {
    // filed with French's stop words (every consultation was, before each language had its own), then with
    // English's (the consultation's language now), then with German's (a PUT changed it)
    const cid = 'erase-any-language';
    const text = 'We should protect the parks and the rivers of our city for the children';
    const folded = foldText(normalizeText(text));
    const filed = [['fr', 1], ['en', 2], ['de', 3]] as const;
    for (const [language, seq] of filed) {
      await redis.hset(keys.proposal(cid, seq), 'text', text, 'ext', `e${seq}`, 'st', 'accepted');
      await index.add(cid, language, [{ seq, folded }]);
    }
    const filedEntries = async () => {
      let n = 0;
      for (const language of SUPPORTED_LANGUAGES) {
        const { buckets, postings } = indexEntriesOf(cid, folded, language);
        for (const [page, field] of buckets) n += await redis.hexists(page, field);
        for (const [key, page, term] of postings) n += await redis.exists(key) + await redis.hexists(page, term);
      }
      return n;
    };
    expect(await filedEntries()).toBeGreaterThan(0);
    expect(await new ErasureStore(redis, new SemanticIndex(redis)).erase(cid, filed.map(([, seq]) => seq), 'mod')).toEqual([1, 2, 3]);
    expect(await filedEntries()).toBe(0);
  });
});
