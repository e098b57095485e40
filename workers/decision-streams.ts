/**
 * Follows the decisions streams of many consultations through a Redis consumer group, so that every entry is
 * handled by one worker process and none is lost across restarts: an entry is acknowledged only after its
 * handler succeeded; an entry left unacknowledged (handler failed, process died) is taken over after
 * `claimIdleMs` by whichever process polls next (XAUTOCLAIM). Handling is therefore at least once.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { keys } from '../models/store/keys.js';
import { ensureConsumerGroup, toRecord, type DecisionRecord, type StreamEntry } from '../models/store/decisions.js';

export interface StreamFollowerOptions {
  group: string;
  /** the consultations to follow at this tick */
  consultations: () => Promise<string[]>;
  handle: (cid: string, records: DecisionRecord[]) => Promise<void>;
  intervalMs: number;
  claimIdleMs: number;
  batch?: number;
}

export function consumerName(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

/** One pass over one consultation: takes over stale entries, then reads new ones, until caught up.
 * `grouped` remembers the streams whose consumer group exists, to create each group once per process. */
export async function followOnce(redis: Redis, cid: string, consumer: string, opts: StreamFollowerOptions, grouped: Set<string>): Promise<number> {
  const key = keys.decisions(cid);
  const batch = opts.batch ?? 200;
  if (!grouped.has(cid)) {
    await ensureConsumerGroup(redis, cid, opts.group);
    grouped.add(cid);
  }
  let handled = 0;
  const claimed = await redis.xautoclaim(key, opts.group, consumer, opts.claimIdleMs, '0-0', 'COUNT', batch) as [string, (StreamEntry | null)[]];
  handled += await handleAndAck(redis, cid, claimed[1].filter((e): e is StreamEntry => e !== null), opts);
  for (let round = 0; round < 50; round++) {
    const read = await redis.xreadgroup('GROUP', opts.group, consumer, 'COUNT', batch, 'STREAMS', key, '>') as [string, StreamEntry[]][] | null;
    const entries = read?.[0]?.[1] ?? [];
    handled += await handleAndAck(redis, cid, entries, opts);
    if (entries.length < batch) break;
  }
  return handled;
}

async function handleAndAck(redis: Redis, cid: string, entries: StreamEntry[], opts: StreamFollowerOptions): Promise<number> {
  if (entries.length === 0) return 0;
  await opts.handle(cid, entries.map(toRecord));
  await redis.xack(keys.decisions(cid), opts.group, ...entries.map(([id]) => id));
  return entries.length;
}

/** Polls every `intervalMs`; answers a stop function that waits for the pass under way. */
export function startStreamFollower(redis: Redis, opts: StreamFollowerOptions, log: Logger): () => Promise<void> {
  const consumer = consumerName();
  const grouped = new Set<string>();
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const pass = async () => {
    for (const cid of await opts.consultations()) {
      if (stopped) return;
      await followOnce(redis, cid, consumer, opts, grouped).catch((err: Error) => {
        // The group was destroyed (endpoint removed) or the stream deleted: create it again next time.
        if (err.message.includes('NOGROUP')) grouped.delete(cid);
        log.warn({ group: opts.group, consultationId: cid, err: err.message }, 'decision stream pass failed; entries stay pending');
      });
    }
  };
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = pass()
      .catch((err: Error) => log.warn({ group: opts.group, err: err.message }, 'decision stream pass failed'))
      .finally(() => { busy = false; });
  }, opts.intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
