/**
 * A private redis-server, for `npm start` without REDIS_URL and for the tests: free port, data in a folder
 * of ours, AOF with fsync at every write so that nothing answered 202 is lost if the machine dies.
 * The tests use kill() and start() again on the same folder to crash Redis and replay its AOF.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { closeProbe, probeConnection } from './redis.js';

export const REDIS_INSTALL_HELP = `redis-server was not found on PATH, and REDIS_URL is not set.
Either install Redis (7.x):
  Debian/Ubuntu:  sudo apt-get install redis-server
  macOS:          brew install redis
  Docker:         docker compose up redis   (then REDIS_URL=redis://127.0.0.1:6379)
or point the service at a running one:  REDIS_URL=redis://host:6379 npm start`;

export function findRedisServer(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch { /* not here */ }
  }
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

export class LocalRedis {
  private child: ChildProcess | null = null;
  readonly dir: string;

  /** `options`: more redis-server arguments (the test cluster's `--cluster-enabled yes`…) */
  constructor(dir: string, public port = 0, private readonly options: string[] = []) {
    this.dir = resolve(dir);
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const binary = findRedisServer();
    if (!binary) throw new Error(REDIS_INSTALL_HELP);
    mkdirSync(this.dir, { recursive: true });
    if (this.port === 0) this.port = await freePort();
    const child = spawn(binary, [
      '--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir,
      '--appendonly', 'yes', '--appendfsync', 'always', '--save', '',
      '--daemonize', 'no', '--logfile', join(this.dir, 'redis.log'),
      ...Object.entries(COMPACT_ENCODING).flatMap(([name, value]) => [`--${name}`, String(value)]), ...this.options,
    ], { stdio: 'ignore' });
    this.child = child;
    await this.waitUntilReady();
    return this;
  }

  private async waitUntilReady(timeoutMs = 15000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null) throw new Error(`redis-server exited: ${this.logTail()}(${join(this.dir, 'redis.log')})`);
      const probe = probeConnection(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        // While the AOF is replayed Redis answers LOADING; wait for a real PONG.
        if ((await probe.ping()) === 'PONG') return;
      } catch { /* not yet */ } finally {
        closeProbe(probe);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not answer on port ${this.port} within ${timeoutMs} ms`);
  }

  /** The last lines of the server's log, for an error message. */
  private logTail(): string {
    try {
      return `${readFileSync(join(this.dir, 'redis.log'), 'utf8').trim().split('\n').slice(-3).join(' | ')} `;
    } catch {
      return '';
    }
  }

  /** Stops Redis: SIGTERM lets it flush and exit cleanly, SIGKILL simulates a crash. */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
    this.child = null;
  }
}

/**
 * Redis settings the service's memory budget counts on (docs/PERFORMANCE.md, "Redis bytes per proposal"): a
 * proposal hash (its text, the triage suggestion's JSON) and an LSH page (packed sequences) keep the compact
 * listpack encoding with values up to 1 KB; with Redis's default (64 bytes) every proposal hash is a hashtable,
 * about three times its size. Listpack look-ups are linear, but these hashes have at most 128 fields.
 */
export const COMPACT_ENCODING = { 'hash-max-listpack-value': 1024 } as const;

/** Raises the settings of COMPACT_ENCODING on a configured Redis where they are lower (CONFIG SET); answers
 * what it did, or a warning when CONFIG is not allowed (managed Redis: set them in its parameter group). */
export async function applyCompactEncoding(redis: Redis): Promise<{ level: 'info' | 'warn'; message: string }[]> {
  const out: { level: 'info' | 'warn'; message: string }[] = [];
  for (const [name, wanted] of Object.entries(COMPACT_ENCODING)) {
    try {
      const [, current] = (await redis.config('GET', name)) as string[];
      if (Number(current) >= wanted) continue;
      await redis.config('SET', name, String(wanted));
      out.push({ level: 'info', message: `raised ${name} from ${current} to ${wanted} (compact proposal hashes)` });
    } catch {
      out.push({ level: 'warn', message: `could not set ${name} to ${wanted} (CONFIG not allowed): proposal hashes take about three times more memory; set it in the Redis configuration` });
    }
  }
  return out;
}

/** Warns when a cluster node keeps Redis's default `cluster-require-full-coverage yes`: one master lost then stops
 * every slot, the queues' included, and BullMQ's worker on ioredis `Cluster` was seen not to resume after the
 * master came back (docs/ARCHITECTURE.md, "A master lost"). Nothing for a Redis that is not a cluster node. */
export async function clusterCoverageWarnings(redis: Redis): Promise<string[]> {
  try {
    if (!/cluster_enabled:1/.test(await redis.info('cluster'))) return [];
    const [, coverage] = (await redis.config('GET', 'cluster-require-full-coverage')) as string[];
    return coverage === 'yes'
      ? ['this cluster node has cluster-require-full-coverage yes: one master lost stops the whole cluster, and triage workers may need a restart after it is back; set it to no (docs/ARCHITECTURE.md, "A master lost")']
      : [];
  } catch {
    return ['could not read cluster-require-full-coverage (CONFIG GET is not allowed on this Redis): make sure it is no, so that a master lost stops only its own slots'];
  }
}

/** Warns when a configured Redis could lose acknowledged writes on a crash. */
export async function durabilityWarnings(redis: Redis): Promise<string[]> {
  try {
    const [, appendonly] = (await redis.config('GET', 'appendonly')) as string[];
    const [, fsync] = (await redis.config('GET', 'appendfsync')) as string[];
    const warnings: string[] = [];
    if (appendonly !== 'yes') warnings.push('Redis runs without AOF (appendonly no): proposals answered 202 are lost if Redis crashes');
    else if (fsync !== 'always') warnings.push(`Redis AOF fsync is "${fsync}": up to ${fsync === 'everysec' ? 'one second' : 'an OS flush'} of proposals answered 202 can be lost on a crash; appendfsync always closes that gap`);
    return warnings;
  } catch {
    // managed Redis services often rename or forbid CONFIG: the settings are then the operator's to check
    return ['could not read the Redis persistence settings (CONFIG GET is not allowed on this Redis): make sure AOF with appendfsync always is on'];
  }
}
