/**
 * npm run bench:erasure — what erasing costs as a consultation grows (docs/MODERATION.md, "After the decision").
 * A private Redis is filled directly through the stores (no triage): N proposals with real French texts from
 * models/data/fr-proposals.txt (numbered to stay distinct), filed in the similarity index, accepted as triage
 * commits it (one decisions-stream entry each). Then, at each size: a baseline read of one proposal, the erasure of single proposals
 * (index surgery, quoting proposals, one pass over the stream), and the erasure of the whole consultation.
 * Figures are medians of the samples, and ratios against the baseline read measured in the same run.
 */
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { ErasureStore } from '../models/store/erasure.js';
import { ProposalStore } from '../models/store/proposals.js';
import { SemanticIndex } from '../models/store/semantic-index.js';
import { SimilarityIndex } from '../models/store/similarity-index.js';
import { foldText, normalizeText } from '../models/text/normalize.js';
import { proposalId } from '../models/proposal-id.js';
import { privateRedis } from './support.js';

const SIZES = (process.env.SIZES ?? '2000,20000').split(',').map(Number);
const SAMPLES = Number(process.env.SAMPLES ?? 30);
const TEXTS = readFileSync(new URL('../../models/data/fr-proposals.txt', import.meta.url), 'utf8').split('\n').filter((l) => l.trim().length > 0);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))]!;
async function timed(f: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function fill(redis: Redis, cid: string, n: number): Promise<number[]> {
  const proposals = new ProposalStore(redis);
  const index = new SimilarityIndex(redis);
  const seqs: number[] = [];
  for (let start = 0; start < n; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, n - start) }, (_, i) => {
      const k = start + i;
      return { externalId: `ext-${k}`, text: `${TEXTS[k % TEXTS.length]!.trim()} (${Math.floor(k / TEXTS.length)})`, authorId: `author-${k % 500}` };
    });
    const { items } = await proposals.intake(cid, batch, 500);
    const chunk = items.map((item, i) => ({ seq: Number(item.id.split('~')[1]), folded: foldText(normalizeText(batch[i]!.text)) }));
    await index.add(cid, 'fr', chunk);
    // accepted automatically, as triage commits it: one decisions-stream entry each
    await proposals.commitTriage(cid, chunk.map(({ seq }) => ({
      seq, status: 'accepted', suggestion: { outcome: 'accept', confidence: 1, reasons: [] }, similar: [], automatic: { outcome: 'accept', reason: null },
    })));
    seqs.push(...chunk.map((c) => c.seq));
  }
  return seqs;
}

async function main(): Promise<void> {
  const server = await privateRedis();
  const redis = new Redis(server.url);
  const rows: string[] = [];
  try {
    for (const n of SIZES) {
      const cid = `bench-${n}`;
      const seqs = await fill(redis, cid, n);
      const proposals = new ProposalStore(redis);
      const erasure = new ErasureStore(redis, new SemanticIndex(redis));
      const pick = () => seqs[Math.floor(Math.random() * seqs.length)]!;
      const baseline: number[] = [];
      const single: number[] = [];
      const chosen = new Set<number>();
      while (chosen.size < SAMPLES) chosen.add(pick());
      for (const seq of chosen) {
        baseline.push(await timed(() => proposals.get(proposalId(cid, pick()))));
        single.push(await timed(() => erasure.erase(cid, [seq], 'bench')));
      }
      const all = await timed(() => erasure.eraseAll(cid, 'bench'));
      const base = median(baseline);
      rows.push(`| ${n} | ${base.toFixed(2)} | ${median(single).toFixed(1)} | ${p99(single).toFixed(1)} | ${(median(single) / base).toFixed(0)} | ${all.toFixed(0)} |`);
      console.error(`n=${n} done`);
    }
  } finally {
    redis.disconnect();
    await server.kill('SIGKILL');
  }
  console.log(`erasure on a private Redis, ${SAMPLES} single erasures per size (medians in ms)`);
  console.log('| proposals | baseline GET | erase one p50 | erase one p99 | p50 / baseline | erase all |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

await main();
