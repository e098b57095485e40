/** Shared pieces of the benchmark scripts: child processes, a private Redis, autocannon runs. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { LocalRedis, freePort } from '../app/local-redis.js';

export const BENCH_TOKEN = 'bench-admin-token-0123456789';

export async function privateRedis(): Promise<LocalRedis> {
  return new LocalRedis(mkdtempSync(join(tmpdir(), 'bench-redis-'))).start();
}

/** BENCH_PROFILE_DIR=dir: every child process writes V8 CPU profiles there (one file per process and thread),
 * to see where a bench's time goes (open them in Chrome DevTools' Performance panel). */
const PROFILE_ARGS = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_PROFILE_DIR)}`] : [];

/** Starts a compiled script of this project (dist/...) as a child process and waits for its port. */
export async function startNode(script: string, env: Record<string, string>, startTimeoutMs = 20000, nodeArgs: string[] = []): Promise<{ child: ChildProcess; port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...PROFILE_ARGS, ...nodeArgs, resolve(script)], {
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', ADMIN_TOKEN: BENCH_TOKEN, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // models load on every triage thread before the port opens: ~18 s on the shared 2-core machine
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) break;
    } catch { /* not yet */ }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${script} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child, port,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface LoadResult { requestsPerS: number; latencyP50Ms: number; latencyP99Ms: number; non2xx: number; errors: number }

/** A fixed-duration load with a different JSON body on every request (autocannon's API, setupRequest). */
export async function load(url: string, opts: { connections: number; seconds: number; body: (n: number) => unknown; token?: string }): Promise<LoadResult> {
  let n = 0;
  const result = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.seconds,
    requests: [{
      method: 'POST',
      setupRequest: (req) => ({ ...req, body: JSON.stringify(opts.body(n++)) }),
    }],
    headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.token ?? BENCH_TOKEN}` },
  });
  return {
    requestsPerS: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export function table(rows: Record<string, string | number>[]): string {
  const cols = Object.keys(rows[0] ?? {});
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i]!)).join('  ');
  return [line(cols), line(width.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => String(r[c]))))].join('\n');
}

/** CPU seconds (user + system) a process has used so far, every thread — or one thread, `tid` —, from /proc; null
 * where there is none. */
export function cpuSeconds(pid: number | undefined, tid?: number): number | null {
  try {
    // fields after the parenthesised command name: state is field 3, utime 14, stime 15 (proc(5))
    const fields = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks: 100 per second on Linux
  } catch {
    return null;
  }
}

/** CPU seconds each thread of a process has used so far, by thread id (/proc/<pid>/task); empty where there is none. */
export function threadCpuSeconds(pid: number | undefined): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const s = cpuSeconds(pid, Number(tid));
      if (s !== null) out.set(Number(tid), s);
    }
  } catch { /* gone */ }
  return out;
}

/** CPU seconds a Redis server has used so far (INFO cpu). */
export async function redisCpuSeconds(redis: { info(section: string): Promise<string> }): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

export const round = (x: number, digits = 0) => Number(x.toFixed(digits));

/** One JSON call to the service under test with the bench token; an error status throws with its body. */
export async function benchHttp(method: string, url: string, body?: unknown): Promise<any> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status >= 400) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
  return res.json();
}
