/**
 * Erasure and the semantic index (used with an embedding model): the erased proposals' sequences leave every
 * vector bucket they were filed in, found again from the int8 vectors stored with them. Real Redis; random unit
 * vectors of MiniLM's dimension stand in for sentence embeddings (the index only sees vectors).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { ErasureStore } from '../../models/store/erasure.js';
import { ProposalStore } from '../../models/store/proposals.js';
import { SemanticIndex } from '../../models/store/semantic-index.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';

let redis: TestRedis;
let client: Redis;
beforeAll(async () => {
  redis = await startTestRedis();
  client = redis.client();
});
afterAll(async () => {
  await redis.stop();
});

/** A deterministic unit vector (xorshift), 384 dimensions. */
function unitVector(seed: number): Float32Array {
  let s = seed * 2654435761 >>> 0 || 1;
  const v = Float32Array.from({ length: 384 }, () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 32 - 0.5;
  });
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

async function bucketsHolding(cid: string, seq: number): Promise<string[]> {
  const packed = Buffer.alloc(4);
  packed.writeUInt32BE(seq);
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `tr:{${cid}}:v*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      if ((await client.type(key)) !== 'hash') continue;
      const blob = await client.hgetBuffer(key, '');
      for (let i = 0; blob && i + 4 <= blob.length; i += 4) if (blob.subarray(i, i + 4).equals(packed)) found.push(key);
    }
  } while (cursor !== '0');
  return found;
}

describe('erasure and the semantic index', () => {
  it('takes every erased proposal out of all its vector buckets, and only those', async () => {
    const cid = 'sem';
    const n = 60;
    const proposals = new ProposalStore(client);
    const { items } = await proposals.intake(cid, Array.from({ length: n }, (_, i) => ({ externalId: `e${i}`, text: `Il faut le texte numéro ${i}` })), 100);
    const seqs = items.map((i) => Number(i.id.split('~')[1]));
    await new SemanticIndex(client).registerAndMatch(cid, seqs.map((seq) => ({ seq, vector: unitVector(seq) })));
    for (const seq of seqs) expect((await bucketsHolding(cid, seq)).length).toBe(8);

    const erased = seqs.filter((_, i) => i % 2 === 0);
    expect(await new ErasureStore(client, new SemanticIndex(client)).erase(cid, erased, 'test')).toEqual(erased);
    for (const seq of erased) expect([seq, await bucketsHolding(cid, seq)]).toEqual([seq, []]);
    for (const seq of seqs.filter((_, i) => i % 2 === 1)) expect((await bucketsHolding(cid, seq)).length).toBe(8);
    expect(Number(await client.get(`tr:{${cid}}:vecn`))).toBe(n - erased.length);
  });
});
