/**
 * bench:main-reason — how often the reason `r` `Entrée` files (Suggestion.mainReason) is the one a moderator
 * would give, on the labelled dev streams of ../shared/eval, every proposal left to a moderator (review_all).
 * For each refusal: was its expected reason reported by a check at all, and did the main reason name it? The
 * first figure bounds what choosing among the findings can reach; the second is what the choice reaches. Wrong
 * choices are tallied as "expected → named" pairs, to see which order is at fault, never which row.
 *
 *   npm run bench:main-reason -- vff-stream.csv mondedapres-stream.csv   (BENCH_LIMIT=n: the first n rows;
 *   BENCH_SHOW_WRONG=1: the findings behind each wrong choice, codes, checks and scores; BENCH_DUMP=file: every
 *   refusal's expected reason and findings as JSON, to compare orders offline)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadEnv } from '../config/env.js';
import { LocalRedis } from '../app/local-redis.js';
import { startRuntime } from '../app/runtime.js';
import { DATA_DIR, readStream } from './dev-data.js';
import { table } from './support.js';

const TOKEN = 'bench-admin-token-0123456789';
const LIMIT = Number(process.env.BENCH_LIMIT ?? Infinity);
const CHUNK = 500;

async function main(): Promise<void> {
  const streams = process.argv.slice(2).length ? process.argv.slice(2) : ['vff-stream.csv'];
  const consultations = JSON.parse(readFileSync(join(DATA_DIR, 'consultations.json'), 'utf8')) as { id: string }[];
  const redis = await new LocalRedis(mkdtempSync(join(tmpdir(), 'bench-main-reason-'))).start();
  const env = loadEnv({ PORT: '0', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '100000000' });
  const runtime = await startRuntime({ ...env, REDIS_URL: redis.url, ADMIN_TOKEN: TOKEN }, pino({ level: 'warn' }));
  const base = `http://127.0.0.1:${runtime.port}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method, headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  const rows: Record<string, string | number>[] = [];
  const confusions: Record<string, string | number>[] = [];
  const dump: unknown[] = [];
  try {
    for (const stream of streams) {
      const data = readStream(stream).slice(0, LIMIT);
      const cid = `${data[0]!.consultationId}-bench`;
      const { id: _id, ...consultation } = consultations.find((c) => c.id === data[0]!.consultationId)!;
      await call('PUT', `/v1/consultations/${cid}`, { ...consultation, policy: { mode: 'review_all' } });
      for (let i = 0; i < data.length; i += CHUNK) {
        await call('POST', `/v1/consultations/${cid}/proposals/batch`, { proposals: data.slice(i, i + CHUNK).map((r) => ({ externalId: r.externalId, text: r.text })) });
      }
      const byExternal = new Map<string, any>();
      for (;;) {
        byExternal.clear();
        let cursor: string | null = null;
        do {
          const page: any = await call('GET', `/v1/consultations/${cid}/proposals?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
          for (const p of page.items) byExternal.set(p.externalId, p);
          cursor = page.nextCursor;
        } while (cursor);
        if ([...byExternal.values()].every((p) => p.status !== 'queued' && p.status !== 'processing')) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const refusals = data.filter((r) => r.expected === 'reject').map((r) => ({ row: r, p: byExternal.get(r.externalId) }));
      for (const { row, p } of refusals) dump.push({ stream, expected: row.reason, named: p.suggestion?.mainReason ?? null, findings: p.suggestion?.reasons.filter((x: any) => !x.shadow).map((x: any) => [x.code, x.check, x.score]) ?? [] });
      const reported = refusals.filter(({ row, p }) => p.suggestion?.reasons.some((x: any) => !x.shadow && x.code === row.reason));
      const right = (list: typeof refusals) => list.filter(({ row, p }) => p.suggestion?.mainReason === row.reason).length;
      const pct = (a: number, b: number) => (b ? `${a}/${b} = ${(100 * a / b).toFixed(1)} %` : '–');
      rows.push({
        stream, proposals: data.length, refusals: refusals.length, 'reason reported': pct(reported.length, refusals.length),
        'main = expected (when reported)': pct(right(reported), reported.length), 'main = expected (all)': pct(right(refusals), refusals.length),
      });
      const tally = new Map<string, number>();
      for (const { row, p } of reported) {
        const named = p.suggestion?.mainReason ?? 'none';
        if (named === row.reason) continue;
        tally.set(`${row.reason} → ${named}`, (tally.get(`${row.reason} → ${named}`) ?? 0) + 1);
        if (process.env.BENCH_SHOW_WRONG) {
          console.log(`${row.reason} → ${named}: ${p.suggestion.reasons.filter((x: any) => !x.shadow).map((x: any) => `${x.code}/${x.check} ${x.score}`).join(', ')}`);
        }
      }
      for (const [pair, n] of [...tally].sort((a, b) => b[1] - a[1])) confusions.push({ stream, 'expected → named (reported rows)': pair, n });
    }
  } finally {
    await runtime.close();
    await redis.kill();
  }
  if (process.env.BENCH_DUMP) writeFileSync(process.env.BENCH_DUMP, JSON.stringify(dump));
  console.log(table(rows));
  console.log();
  if (confusions.length) console.log(table(confusions));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
