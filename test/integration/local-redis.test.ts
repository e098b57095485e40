/**
 * A process that probed a Redis and started and stopped its own redis-server (app/local-redis.ts: `npm start` without
 * REDIS_URL, and every test suite) has nothing left holding it open once Redis is stopped. A failed probe used to
 * leave ioredis's 2 s disconnect timer running: a jest worker whose last suite had started a redis-server less than
 * 2 s before the end was force-exited ("A worker process has failed to exit gracefully").
 * The process is a real child (`node` on dist/, built by `npm test`), so that only its own handles count.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';

const dist = (file: string) => {
  const path = resolve('dist/app', file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run "npm run build" (npm test does)`);
  return JSON.stringify(pathToFileURL(path).href);
};
const dir = mkdtempSync(join(tmpdir(), 'triage-local-redis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `steps` (module code) in a fresh node process; answers how long it lived after them. */
function msToExitAfter(steps: string): number {
  const script = `
    const { LocalRedis, freePort } = await import(${dist('local-redis.js')});
    const { closeProbe, probeConnection } = await import(${dist('redis.js')});
    ${steps}
    const doneAt = Date.now();
    process.on('exit', () => console.log(Date.now() - doneAt));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  if (run.status !== 0) throw new Error(`child exited with ${run.status}: ${run.stderr}`);
  return Number(run.stdout.trim());
}

describe('nothing outlives a local Redis', () => {
  it('a probe of a Redis that does not answer, once closed, does not hold the process', () => {
    // the probe of LocalRedis and of the start-up check, at a port where nothing listens
    const ms = msToExitAfter(`
      const probe = probeConnection('redis://127.0.0.1:' + await freePort(), { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      await probe.connect().catch(() => undefined);
      closeProbe(probe);`);
    // it ended at once; the leftover timer kept it 2 s
    expect(ms).toBeLessThan(1000);
  });

  it('the test cluster\'s probe of a node that does not answer does not hold the process', () => {
    // a node the cluster still counts as running, at a port where nothing listens (a node seen before its crash is
    // noticed): waitHealthy probes it until its deadline, each probe failing
    const ms = msToExitAfter(`
      const { LocalRedisCluster } = await import(${JSON.stringify(pathToFileURL(resolve('dist/test/support/redis-cluster.js')).href)});
      const cluster = new LocalRedisCluster();
      const gone = new LocalRedis(${JSON.stringify(join(dir, 'gone'))}, await freePort());
      Object.defineProperty(gone, 'running', { value: true });
      cluster.nodes.push(gone);
      await cluster.waitHealthy(300).catch(() => undefined);
      await cluster.stop();`);
    // each failed probe closed with disconnect() left a 2 s timer
    expect(ms).toBeLessThan(1000);
  });

  it('a redis-server started and stopped does not hold the process', () => {
    const ms = msToExitAfter(`
      const redis = await new LocalRedis(${JSON.stringify(join(dir, 'server'))}).start();
      await redis.kill();`);
    expect(ms).toBeLessThan(1000);
  });
});
