/**
 * A real Redis Cluster on loopback for the tests: `masters` redis-servers with `--cluster-enabled yes` (AOF,
 * fsync always, like every Redis of the service), joined by `redis-cli --cluster create`, optionally with
 * replicas. The cluster bus listens on port + 10000, so ports are taken at or below 55535 with both free.
 * `kill(i)` crashes one node (SIGKILL) and `restart(i)` starts it again on its folder: it rejoins the cluster
 * from its nodes.conf and replays its AOF.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import { LocalRedis } from '../../app/local-redis.js';
import { closeProbe, probeConnection } from '../../app/redis.js';

const run = promisify(execFile);
const BUS_OFFSET = 10000;
const HIGHEST_PORT = 65535 - BUS_OFFSET;
/** how long a silent master takes to be judged failed (a replica then takes over) */
const NODE_TIMEOUT_MS = 2000;

async function isFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

/** A port P ≤ 55535 with P and its bus port P + 10000 free, not among `taken`. */
async function clusterPort(taken: Set<number>): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const port = 20000 + Math.floor(Math.random() * (HIGHEST_PORT - 20000));
    if (taken.has(port) || taken.has(port + BUS_OFFSET)) continue;
    if (await isFree(port) && await isFree(port + BUS_OFFSET)) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free port pair for a cluster node');
}

async function waitFor(what: string, ok: () => Promise<boolean>, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis cluster: timed out waiting for ${what}`);
}

export class LocalRedisCluster {
  readonly dir: string;
  readonly nodes: LocalRedis[] = [];

  constructor(readonly masters = 3, readonly replicasPerMaster = 0) {
    this.dir = mkdtempSync(join(tmpdir(), 'triage-cluster-'));
  }

  /** `host:port,host:port,…`: the value of REDIS_CLUSTER_NODES */
  get addresses(): string {
    return this.nodes.map((n) => `127.0.0.1:${n.port}`).join(',');
  }

  async start(): Promise<this> {
    const taken = new Set<number>();
    const count = this.masters * (1 + this.replicasPerMaster);
    for (let i = 0; i < count; i++) {
      const port = await clusterPort(taken);
      this.nodes.push(new LocalRedis(join(this.dir, String(port)), port, [
        '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', String(NODE_TIMEOUT_MS),
        // a master lost takes its own slots down, not the whole cluster (docs/ARCHITECTURE.md, "A master lost")
        '--cluster-require-full-coverage', 'no',
      ]));
    }
    await Promise.all(this.nodes.map((n) => n.start()));
    await run('redis-cli', ['--cluster', 'create', ...this.nodes.map((n) => `127.0.0.1:${n.port}`),
      '--cluster-replicas', String(this.replicasPerMaster), '--cluster-yes']);
    await this.waitHealthy();
    return this;
  }

  /** Until every live node reports cluster_state:ok. */
  async waitHealthy(timeoutMs = 30000): Promise<void> {
    await waitFor('cluster_state:ok', async () => {
      const states = await Promise.all(this.nodes.filter((n) => n.running).map((n) => this.info(n)));
      return states.every((s) => s.includes('cluster_state:ok'));
    }, timeoutMs);
  }

  /** The index of the master node serving `key` (by CLUSTER KEYSLOT and CLUSTER SLOTS). */
  async masterOf(key: string): Promise<number> {
    const probe = this.client(this.nodes.find((n) => n.running)!);
    try {
      const slot = await probe.cluster('KEYSLOT', key) as number;
      const range = (await probe.cluster('SLOTS')).find(([from, to]) => slot >= from && slot <= to);
      const master = range?.[2];
      if (!master) throw new Error(`slot ${slot} is not served`);
      return this.nodes.findIndex((n) => n.port === master[1]);
    } finally {
      closeProbe(probe);
    }
  }

  /** The keys matching `pattern` on every running node (SCAN reads one node each). */
  async keysMatching(pattern: string): Promise<string[]> {
    const found: string[] = [];
    for (const node of this.nodes.filter((n) => n.running)) {
      const c = this.client(node);
      try {
        let cursor = '0';
        do {
          const [next, page] = await c.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          found.push(...page);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        closeProbe(c);
      }
    }
    return found;
  }

  /** Crashes node `i` (SIGKILL: no shutdown, what was fsynced to its AOF is all that remains). */
  kill(i: number): Promise<void> {
    return this.nodes[i]!.kill('SIGKILL');
  }

  /** Starts node `i` again on its folder: it rejoins from its nodes.conf and replays its AOF. */
  async restart(i: number): Promise<void> {
    await this.nodes[i]!.start();
    await this.waitHealthy();
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.kill('SIGKILL')));
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A probe of one node, closed with closeProbe: one whose connection failed (a node going down) must not leave
   * ioredis's 2 s disconnect timer holding the process (app/redis.ts). */
  private client(node: LocalRedis): Redis {
    const c = probeConnection(node.url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
    c.on('error', () => undefined);
    return c;
  }

  private async info(node: LocalRedis): Promise<string> {
    const c = this.client(node);
    try {
      return await c.cluster('INFO') as string;
    } finally {
      closeProbe(c);
    }
  }
}
