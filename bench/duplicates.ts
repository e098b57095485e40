/**
 * npm run bench:duplicates [-- --sizes 10000,100000,1000000 --queries 200 --naive 20,5,3]
 *
 * Corpora of N proposals in ONE consultation, built from the CC0 "monde d'après" texts (../shared/eval/data)
 * recombined deterministically (three word segments of three different real proposals per text), then planted
 * near copies (typo, case, accents, punctuation, word dropped or swapped, "Il faudrait", or two of these) of
 * random corpus texts. For each size it prints, beside the naive scan measured in the same run:
 * - per-proposal look-up time: the index (register + candidates + verification, one proposal per call, as a
 *   worker with a batch of one) vs a string-similarity scan (compareTwoStrings against every text; sampled);
 * - recall on the planted near copies (the source is found as a copy: best Dice ≥ NEAR_COPY_REVIEW_AT);
 * - Redis memory per proposal of the index, beyond the proposal hashes that hold the texts.
 * It starts its own redis-server (no persistence) on a free port in a temp folder and removes it at the end.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { NEAR_COPY_AUTO_AT, NEAR_COPY_REVIEW_AT } from '../models/checks/near-duplicate.js';
import { SimilarityIndex } from '../models/store/similarity-index.js';
import { keys } from '../models/store/keys.js';
import { foldText, normalizeText } from '../models/text/normalize.js';
import { findRedisServer, freePort } from '../app/local-redis.js';

const CID = 'bench';
const LOAD_BATCH = 500;

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}
const SIZES = option('sizes', '10000,100000').split(',').map(Number);
const QUERIES = Number(option('queries', '200'));
const NAIVE = option('naive', '20,5,3').split(',').map(Number);
const DATA = resolve(option('data', '../shared/eval/data'));

/** mulberry32: a small seeded generator, so every run builds the same corpora */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The text column of the real accepted proposals of the stream (RFC 4180 CSV). */
function realTexts(): string[] {
  const csv = readFileSync(join(DATA, 'mondedapres-stream.csv'), 'utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else if (c !== '\r') field += c;
  }
  const header = rows.shift()!;
  const [text, source] = [header.indexOf('text'), header.indexOf('source')];
  return rows.filter((r) => r[source] === 'real:makeorg-mondedapres').map((r) => r[text]!);
}

/** Corpus text k: first, middle and last third of the words of three different real proposals. */
function corpusText(bodies: string[][], random: () => number): string {
  const pick = () => bodies[Math.floor(random() * bodies.length)]!;
  const third = (w: string[], part: number) => w.slice(Math.floor((part * w.length) / 3), Math.floor(((part + 1) * w.length) / 3));
  return ['Il faut', ...third(pick(), 0), ...third(pick(), 1), ...third(pick(), 2)].join(' ');
}

const EDITS: ((w: string[], r: () => number) => string[])[] = [
  (w, r) => { const i = 2 + Math.floor(r() * (w.length - 2)); const x = w[i]!; const j = Math.floor(r() * Math.max(1, x.length - 1)); w[i] = x.slice(0, j) + (x[j + 1] ?? '') + x[j] + x.slice(j + 2); return w; }, // typo
  (w) => w.map((x, i) => (i % 3 === 1 ? x.toUpperCase() : x)), // case
  (w) => w.map((x) => x.normalize('NFD').replace(/\p{M}/gu, '')), // accents
  (w) => { w[w.length - 1] += ' !'; return w.map((x) => x.replace(/,/g, '')); }, // punctuation
  (w, r) => { w.splice(2 + Math.floor(r() * (w.length - 2)), 1); return w; }, // word dropped
  (w, r) => { const i = 2 + Math.floor(r() * (w.length - 3)); [w[i], w[i + 1]] = [w[i + 1]!, w[i]!]; return w; }, // words swapped
  (w) => { if (w[1] === 'faut') w[1] = 'faudrait'; return w; }, // "Il faudrait"
];

function nearCopy(text: string, r: () => number): string {
  let w = text.split(' ');
  const edits = r() < 0.25 ? 2 : 1;
  for (let e = 0; e < edits; e++) w = EDITS[Math.floor(r() * EDITS.length)]!(w, r);
  return w.join(' ');
}

/** string-similarity's compareTwoStrings (the naive baseline), as published: bigrams rebuilt at every pair. */
function compareTwoStrings(first: string, second: string): number {
  first = first.replace(/\s+/g, '');
  second = second.replace(/\s+/g, '');
  if (first === second) return 1;
  if (first.length < 2 || second.length < 2) return 0;
  const firstBigrams = new Map<string, number>();
  for (let i = 0; i < first.length - 1; i++) {
    const bigram = first.substring(i, i + 2);
    firstBigrams.set(bigram, (firstBigrams.get(bigram) ?? 0) + 1);
  }
  let intersectionSize = 0;
  for (let i = 0; i < second.length - 1; i++) {
    const bigram = second.substring(i, i + 2);
    const count = firstBigrams.get(bigram) ?? 0;
    if (count > 0) {
      firstBigrams.set(bigram, count - 1);
      intersectionSize++;
    }
  }
  return (2.0 * intersectionSize) / (first.length + second.length - 2);
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;

interface SizeResult {
  n: number; buildS: number; lookupMs: number; lookupP90Ms: number; recall: number; autoBand: number;
  naiveMs: number; naiveRecall: number; naiveSample: number; recallOnNaiveSample: number; indexBytes: number; textBytes: number;
}

async function runSize(redis: Redis, n: number, naiveSample: number, bodies: string[][]): Promise<SizeResult> {
  await redis.flushall();
  const random = rng(n);
  const texts: string[] = [];
  const base = await usedMemory(redis);
  for (let start = 0; start < n; start += LOAD_BATCH) {
    const pipeline = redis.pipeline();
    for (let seq = start + 1; seq <= Math.min(n, start + LOAD_BATCH); seq++) {
      const text = corpusText(bodies, random);
      texts.push(text);
      pipeline.hset(keys.proposal(CID, seq), 'ext', `c${seq}`, 'text', text, 'st', 'accepted');
    }
    await pipeline.exec();
  }
  const withTexts = await usedMemory(redis);
  const index = new SimilarityIndex(redis);
  const started = performance.now();
  const folded = texts.map((t) => foldText(normalizeText(t)));
  for (let start = 0; start < n; start += LOAD_BATCH) {
    const batch = [];
    for (let seq = start + 1; seq <= Math.min(n, start + LOAD_BATCH); seq++) batch.push({ seq, folded: folded[seq - 1]! });
    await index.add(CID, 'fr', batch);
  }
  const buildS = (performance.now() - started) / 1000;
  const withIndex = await usedMemory(redis);

  const queryRandom = rng(7);
  const lookups: number[] = [];
  let found = 0;
  let auto = 0;
  let naiveFound = 0;
  let foundOnNaiveSample = 0;
  const naiveTimes: number[] = [];
  const sources = new Set<number>();
  // distinct sources: a second copy of the same text would rightly find the first copy before its source
  while (sources.size < Math.min(QUERIES, n)) sources.add(1 + Math.floor(queryRandom() * n));
  for (const [q, source] of [...sources].entries()) {
    const copy = nearCopy(texts[source - 1]!, queryRandom);
    const seq = n + q + 1;
    await redis.hset(keys.proposal(CID, seq), 'ext', `q${q}`, 'text', copy, 'st', 'queued');
    const t0 = performance.now();
    const [matches] = await index.registerAndMatch(CID, 'fr', [{ seq, folded: foldText(normalizeText(copy)) }]);
    lookups.push(performance.now() - t0);
    const closest = [...matches!].sort((a, b) => b.dice - a.dice)[0];
    const hit = closest?.seq === source && closest.dice >= NEAR_COPY_REVIEW_AT;
    if (hit && q < naiveSample) foundOnNaiveSample++;
    if (hit) {
      found++;
      if (closest!.dice >= NEAR_COPY_AUTO_AT) auto++;
    } else if (process.env.BENCH_DEBUG) {
      console.error(JSON.stringify({ copy, source: texts[source - 1], closest: closest && { text: closest.text, dice: closest.dice, seq: closest.seq, viaLsh: closest.viaLsh } }));
    }
    if (q < naiveSample) {
      // The naive scan gets the same folded texts (string-similarity alone is case- and accent-sensitive).
      const t1 = performance.now();
      const query = foldText(normalizeText(copy));
      let best = -1;
      let bestScore = -1;
      for (let i = 0; i < folded.length; i++) {
        const s = compareTwoStrings(query, folded[i]!);
        if (s > bestScore) { bestScore = s; best = i + 1; }
      }
      naiveTimes.push(performance.now() - t1);
      if (best === source && bestScore >= NEAR_COPY_REVIEW_AT) naiveFound++;
    }
  }
  return {
    n, buildS, lookupMs: median(lookups), lookupP90Ms: p90(lookups), recall: found / sources.size, autoBand: auto / sources.size,
    naiveMs: median(naiveTimes), naiveRecall: naiveFound / naiveSample, naiveSample, recallOnNaiveSample: foundOnNaiveSample / naiveSample,
    indexBytes: (withIndex - withTexts) / n, textBytes: (withTexts - base) / n,
  };
}

async function main(): Promise<void> {
  const binary = findRedisServer();
  if (!binary) throw new Error('redis-server not found on PATH');
  const dir = mkdtempSync(join(tmpdir(), 'bench-dup-'));
  const port = await freePort();
  const server = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const redis = new Redis(`redis://127.0.0.1:${port}`, { retryStrategy: (t) => (t > 50 ? null : 100) });
  redis.on('error', () => undefined);
  try {
    await redis.ping();
    const bodies = realTexts().map((t) => t.replace(/^Il faut\s+/i, '').split(/\s+/));
    console.log(`corpus: recombined from ${bodies.length} real proposals; ${QUERIES} planted near copies per size`);
    const results: SizeResult[] = [];
    for (const [i, n] of SIZES.entries()) {
      const r = await runSize(redis, n, Math.min(QUERIES, NAIVE[i] ?? NAIVE.at(-1)!), bodies);
      results.push(r);
      console.log(JSON.stringify(r));
    }
    const first = results[0]!;
    console.log('\n| proposals | index look-up p50 (p90) | naive scan / proposal | speed-up | recall index (auto band) | recall on the naive sample: index / naive (n) | index bytes / proposal | text bytes / proposal | look-up vs smallest |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of results) {
      console.log(`| ${r.n.toLocaleString('en')} | ${r.lookupMs.toFixed(2)} ms (${r.lookupP90Ms.toFixed(2)}) | ${r.naiveMs.toFixed(1)} ms | ${Math.round(r.naiveMs / r.lookupMs).toLocaleString('en')}× | ${r.recall.toFixed(3)} (${r.autoBand.toFixed(3)}) | ${r.recallOnNaiveSample.toFixed(3)} / ${r.naiveRecall.toFixed(3)} (${r.naiveSample}) | ${Math.round(r.indexBytes)} | ${Math.round(r.textBytes)} | ${(r.lookupMs / first.lookupMs).toFixed(2)}× |`);
    }
    // the targets of docs/PERFORMANCE.md, checked on the largest size against the smallest
    const last = results.at(-1)!;
    console.log(`\nlargest vs smallest look-up: ${(last.lookupMs / first.lookupMs).toFixed(2)}× (target ≤ 2×); speed-up over the naive scan at ${last.n}: ${Math.round(last.naiveMs / last.lookupMs)}× (target ≥ 1000×); index bytes per proposal ≤ 1024 at every size: ${results.every((r) => r.indexBytes <= 1024)}`);
  } finally {
    redis.disconnect();
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
