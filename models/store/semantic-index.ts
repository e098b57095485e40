/**
 * The semantic index (optional, with an embedding model): random-hyperplane LSH over the sentence vectors,
 * in Redis like the lexical index (registered by the same atomic script, bounded bucket tails), and verified
 * by the cosine of the candidates' stored vectors (int8, one byte per dimension: 384 bytes for MiniLM).
 */
import type { Redis } from 'ioredis';
import { keys } from './keys.js';
import { withSimilarityScripts, type SimilarityRedis } from './similarity-scripts.js';
import { unpackSeqs } from './similarity-index.js';

const BANDS = 8;
/** 14 bits per band: 16k buckets per band */
const BITS = 14;
const TAIL = 64;
const MAX_CANDIDATES = 64;
/** Int8 rounding moves a unit vector's dot product with a hyperplane (components within ±1.5) by far less than
 * this on 384 dimensions; bits closer to zero are taken both ways when a vector's buckets are found again. */
const FLIP_MARGIN = 0.25;
const AMBIGUOUS_BITS = 4;

export interface SemanticMatch { seq: number; cosine: number }

/** Seeded Gaussian-ish hyperplanes, the same in every worker for a given dimension. */
function hyperplanes(dim: number): Float32Array[] {
  let s = 0x2545f491 ^ dim;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return Array.from({ length: BANDS * BITS }, () => Float32Array.from({ length: dim }, () => next() + next() + next() - 1.5));
}

export class SemanticIndex {
  private readonly redis: SimilarityRedis;
  private planes: Float32Array[] = [];
  constructor(redis: Redis) {
    this.redis = withSimilarityScripts(redis);
  }

  /** Registers each vector and returns its neighbours of smaller intake sequence, best first. */
  async registerAndMatch(cid: string, batch: { seq: number; vector: Float32Array }[]): Promise<SemanticMatch[][]> {
    if (batch.length === 0) return [];
    // one level of buckets (the lexical index's LSH levels do not apply: a bucket here is a whole key)
    const args: (string | number | Buffer)[] = [TAIL, 0, 'iv', 1];
    const quantized = batch.map((b) => quantize(b.vector));
    const store = this.redis.pipeline();
    batch.forEach((b, i) => {
      store.hset(keys.proposal(cid, b.seq), 'ev', quantized[i]!);
      args.push(keys.proposal(cid, b.seq), b.seq, 0, BANDS);
      this.signature(b.vector).forEach((bucket, band) => args.push(keys.vectorBucket(cid, band, bucket), ''));
      args.push(0);
    });
    await store.exec();
    const rows = await this.redis.registerSimilarBuffer(keys.vectorCount(cid), ...args);
    const candidates = rows.map((row, i) => {
      const counts = new Map<number, number>();
      for (const seq of unpackSeqs(row[1] as Buffer)) {
        // earlier = smaller intake sequence, whatever order concurrent jobs registered in (similarity-index.ts)
        if (seq < batch[i]!.seq) counts.set(seq, (counts.get(seq) ?? 0) + 1);
      }
      return [...counts].sort((a, b) => b[1] - a[1]).slice(0, MAX_CANDIDATES).map(([seq]) => seq);
    });
    const wanted = [...new Set(candidates.flat())];
    const vectors = new Map<number, Int8Array>();
    (await this.storedVectors(cid, wanted)).forEach((v, i) => {
      if (v) vectors.set(wanted[i]!, new Int8Array(v.buffer, v.byteOffset, v.length));
    });
    return candidates.map((list, i) => list
      .filter((seq) => vectors.has(seq))
      .map((seq) => ({ seq, cosine: cosineInt8(quantized[i]!, vectors.get(seq)!) }))
      .sort((a, b) => b.cosine - a.cosine));
  }

  /** The int8 sentence vectors stored at registration, null for a proposal without one. */
  async storedVectors(cid: string, seqs: readonly number[]): Promise<(Buffer | null)[]> {
    if (seqs.length === 0) return [];
    const read = this.redis.pipeline();
    for (const seq of seqs) read.hgetBuffer(keys.proposal(cid, seq), 'ev');
    return ((await read.exec()) ?? []).map(([, v]) => (v instanceof Buffer ? v : null));
  }

  /** One bucket per band: the signs of the vector against BITS hyperplanes. */
  private signature(vector: Float32Array): number[] {
    return this.dots(vector).map((dots) => dots.reduce((bucket, dot) => (bucket << 1) | (dot >= 0 ? 1 : 0), 0));
  }

  /** Per band, the vector's dot product with each of its BITS hyperplanes, most significant bit first. */
  private dots(vector: Float32Array): number[][] {
    if (this.planes[0]?.length !== vector.length) this.planes = hyperplanes(vector.length);
    return Array.from({ length: BANDS }, (_, band) => Array.from({ length: BITS }, (_, bit) => {
      const plane = this.planes[band * BITS + bit]!;
      let dot = 0;
      for (let d = 0; d < vector.length; d++) dot += vector[d]! * plane[d]!;
      return dot;
    }));
  }

  /**
   * The bucket keys a proposal was filed under, found again from its stored int8 vector (erasure): the
   * signature of the vector read back, and, for the bits whose hyperplane the vector nearly touches (rounding
   * to int8 may have flipped them), both sides — the AMBIGUOUS_BITS closest per band, so at most 16 buckets per
   * band. Taking a sequence out of a bucket that does not hold it changes nothing.
   */
  bucketKeysOf(cid: string, stored: Buffer): string[] {
    const vector = Float32Array.from({ length: stored.length }, (_, i) => stored.readInt8(i) / 127);
    return this.dots(vector).flatMap((dots, band) => {
      const base = dots.reduce((bucket, dot) => (bucket << 1) | (dot >= 0 ? 1 : 0), 0);
      const unsure = dots.map((dot, bit) => ({ bit, margin: Math.abs(dot) }))
        .filter((b) => b.margin < FLIP_MARGIN).sort((a, b) => a.margin - b.margin).slice(0, AMBIGUOUS_BITS);
      let buckets = [base];
      for (const { bit } of unsure) buckets = buckets.flatMap((b) => [b, b ^ (1 << (BITS - 1 - bit))]);
      return buckets.map((bucket) => keys.vectorBucket(cid, band, bucket));
    });
  }
}

/** A unit vector as one signed byte per dimension (scaled by 127). */
function quantize(v: Float32Array): Buffer {
  const out = Buffer.alloc(v.length);
  for (let i = 0; i < v.length; i++) out.writeInt8(Math.max(-127, Math.min(127, Math.round(v[i]! * 127))), i);
  return out;
}

function cosineInt8(a: Buffer, b: Int8Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a.readInt8(i);
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
