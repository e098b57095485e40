/**
 * A worker's close() ends even while a job never finishes (BullMQ's own waits for it with no bound: a job stuck on a
 * connection that did not recover held a service's stop forever), and that job is not lost: its lock is no longer
 * renewed, so it lapses and another worker runs the job.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { bullConnection } from '../../app/redis.js';
import { createQueue, createWorker } from '../../workers/queues.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';

let redis: TestRedis;
const connections: Redis[] = [];
const log = pino({ level: 'silent' });
const LOCK_MS = 1000;

beforeAll(async () => { redis = await startTestRedis(); });
afterAll(async () => {
  for (const c of connections) c.disconnect();
  await redis.stop();
});

const connection = () => {
  const c = bullConnection({ REDIS_URL: redis.url });
  connections.push(c);
  return c;
};

it('closes a worker whose job never ends, and another worker runs that job once its lock lapses', async () => {
  const queue = createQueue<{ n: number }>('bounded-close', connection(), 1, log);
  let started!: () => void;
  const running = new Promise<void>((resolve) => { started = resolve; });
  const stuck = createWorker<{ n: number }, string>('bounded-close', () => {
    started();
    return new Promise<string>(() => undefined); // never settles
  }, { connection: connection(), concurrency: 1, lockMs: LOCK_MS, log, consultationOf: () => 'c' });
  const job = await queue.add('stuck', { n: 7 });
  await running;
  await stuck.close(); // without the bound, this never returns and the test times out

  const rescuer = createWorker<{ n: number }, string>('bounded-close', async (j) => `ran ${j.data.n}`,
    { connection: connection(), concurrency: 1, lockMs: LOCK_MS, log, consultationOf: () => 'c' });
  const deadline = Date.now() + 20_000;
  while ((await job.getState()) !== 'completed' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const done = await queue.getJob(job.id!);
  expect(await done!.getState()).toBe('completed');
  expect(done!.returnvalue).toBe('ran 7');
  expect(done!.stalledCounter).toBe(1); // run again because its lock lapsed, not because it failed
  await rescuer.close();
  await queue.close();
}, 40_000);
