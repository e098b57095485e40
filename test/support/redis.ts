/** Real redis-servers for the tests: each suite starts its own on a free port in a temp folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { LocalRedis } from '../../app/local-redis.js';
import { closeProbe } from '../../app/redis.js';

export interface TestRedis {
  server: LocalRedis;
  url: string;
  client(): Redis;
  stop(): Promise<void>;
}

export async function startTestRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'triage-redis-'));
  const server = await new LocalRedis(dir).start();
  const clients: Redis[] = [];
  return {
    server,
    url: server.url,
    client() {
      const c = new Redis(server.url, { maxRetriesPerRequest: 3 });
      c.on('error', () => undefined);
      clients.push(c);
      return c;
    },
    async stop() {
      // closeProbe: a client may be reconnecting to a server the test killed, whose disconnect() would hold the
      // process 2 s (app/redis.ts)
      for (const c of clients) closeProbe(c);
      await server.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
