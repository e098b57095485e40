import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { keys } from '../../models/store/keys.js';
import { QUEUES } from '../../workers/queues.js';
import { trimDecisionStreams } from '../../workers/decision-trim.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';

const HOUR = 3_600_000;
let testRedis: TestRedis;
let redis: Redis;
let queue: Queue;

beforeAll(async () => {
  testRedis = await startTestRedis();
  redis = testRedis.client();
  queue = new Queue(QUEUES.webhooks, { connection: testRedis.client() });
});
afterAll(async () => {
  await queue.close();
  await testRedis.stop();
});

/** Appends entries with explicit ids (ms = `at`), as the decision scripts do with '*'. */
async function append(cid: string, ats: number[]): Promise<string[]> {
  const ids: string[] = [];
  for (const at of ats) ids.push(await redis.xadd(keys.decisions(cid), `${at}-0`, 'proposalId', `${cid}~1`, 'outcome', 'accept') as string);
  return ids;
}

const remaining = async (cid: string) => (await redis.xrange(keys.decisions(cid), '-', '+')).map(([id]) => id);
const trim = (cids: string[], retentionMs: number, now: number) =>
  trimDecisionStreams({ redis, consultationIds: async () => cids, webhookQueue: queue }, retentionMs, now);

describe('decisions stream trimming', () => {
  it('removes only entries past the retention window that every group has read and acknowledged', async () => {
    const now = 100 * HOUR;
    const ids = await append('t1', [10 * HOUR, 20 * HOUR, 30 * HOUR, 40 * HOUR, 99 * HOUR]);
    await redis.xgroup('CREATE', keys.decisions('t1'), 'metrics', '0');
    await redis.xgroup('CREATE', keys.decisions('t1'), 'learning', '0');
    await redis.hset(keys.decisionNotes('t1'), ids[0]!, 'note on the first', ids[3]!, 'note on the fourth');

    // nobody has read anything: nothing goes, however old
    expect((await trim(['t1'], HOUR, now)).size).toBe(0);
    expect(await remaining('t1')).toEqual(ids);

    // metrics read and acknowledged four entries; learning read three but acknowledged only the first one
    const read = async (group: string, count: number) =>
      (await redis.xreadgroup('GROUP', group, 'c', 'COUNT', count, 'STREAMS', keys.decisions('t1'), '>') as [string, [string, string[]][]][])[0]![1].map(([id]) => id);
    await redis.xack(keys.decisions('t1'), 'metrics', ...await read('metrics', 4));
    const learnt = await read('learning', 3);
    await redis.xack(keys.decisions('t1'), 'learning', learnt[0]!);
    expect(Object.fromEntries(await trim(['t1'], HOUR, now))).toEqual({ t1: 1 });
    expect(await remaining('t1')).toEqual(ids.slice(1));
    expect(await redis.hkeys(keys.decisionNotes('t1'))).toEqual([ids[3]]);

    // learning acknowledges its reads: the third entry is still within the 75 h window, the second is not
    await redis.xack(keys.decisions('t1'), 'learning', ...learnt.slice(1));
    expect(Object.fromEntries(await trim(['t1'], 75 * HOUR, now))).toEqual({ t1: 1 });
    expect(await remaining('t1')).toEqual(ids.slice(2));

    // a longer window keeps what a shorter one would drop; the unread fifth entry stays whatever the window
    expect((await trim(['t1'], 80 * HOUR, now)).size).toBe(0);
    expect(await trim(['t1'], 0, now)).toEqual(new Map([['t1', 1]]));
    expect(await remaining('t1')).toEqual(ids.slice(3));
    await redis.xack(keys.decisions('t1'), 'learning', ...await read('learning', 10));
    expect(await trim(['t1'], 0, now)).toEqual(new Map([['t1', 1]]));
    expect(await remaining('t1')).toEqual(ids.slice(4)); // metrics has not read the fifth
  });

  it('keeps an entry whose webhook is not delivered yet (waiting, or delayed after a failed attempt)', async () => {
    const now = 100 * HOUR;
    const ids = await append('t2', [10 * HOUR, 20 * HOUR, 30 * HOUR]);
    await redis.xgroup('CREATE', keys.decisions('t2'), 'webhooks', '$');
    await redis.xgroup('SETID', keys.decisions('t2'), 'webhooks', ids[2]!); // the dispatcher read and acknowledged all
    await queue.add('deliver', {}, { jobId: `t2/${ids[1]}`, delay: 60_000 });
    // another consultation's open job does not hold this one back
    await queue.add('deliver', {}, { jobId: `other/${ids[0]}` });

    expect(Object.fromEntries(await trim(['t2'], HOUR, now))).toEqual({ t2: 1 });
    expect(await remaining('t2')).toEqual(ids.slice(1));

    // delivered (the job finished): the entry may go
    await (await queue.getJob(`t2/${ids[1]}`))!.remove();
    expect(Object.fromEntries(await trim(['t2'], HOUR, now))).toEqual({ t2: 2 });
    expect(await remaining('t2')).toEqual([]);
  });

  it('leaves a consultation without a stream alone', async () => {
    expect((await trim(['never-decided'], 0, Date.now())).size).toBe(0);
  });
});
