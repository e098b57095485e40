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
import { DecisionStreamConsumer, type DecisionRecord } from '../models/store/decision-stream.js';

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

/** One pass over one consultation: takes over stale entries, then reads new ones, until caught up. */
export async function followOnce(consumer: DecisionStreamConsumer, cid: string, handle: StreamFollowerOptions['handle']): Promise<number> {
  const handleAndAck = async (records: DecisionRecord[]) => {
    if (records.length === 0) return 0;
    await handle(cid, records);
    await consumer.ack(cid, records);
    return records.length;
  };
  let handled = await handleAndAck(await consumer.claimStale(cid));
  for (let round = 0; round < 50; round++) {
    const records = await consumer.readNew(cid);
    handled += await handleAndAck(records);
    if (records.length < consumer.opts.batch) break;
  }
  return handled;
}

/** Polls every `intervalMs`; answers a stop function that waits for the pass under way. */
export function startStreamFollower(redis: Redis, opts: StreamFollowerOptions, log: Logger): () => Promise<void> {
  const consumer = new DecisionStreamConsumer(redis, {
    group: opts.group, consumer: consumerName(), from: '$', claimIdleMs: opts.claimIdleMs, batch: opts.batch ?? 200,
  });
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const pass = async () => {
    for (const cid of await opts.consultations()) {
      if (stopped) return;
      await followOnce(consumer, cid, opts.handle).catch((err: Error) => {
        // The group was destroyed (endpoint removed) or the stream deleted: create it again next time.
        if (err.message.includes('NOGROUP')) consumer.forget(cid);
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
