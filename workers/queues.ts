/**
 * The queue wiring, in one thin module with strong defaults: retries with exponential backoff, bounded
 * history, stalled-job recovery through short locks, a dead-letter queue for jobs out of attempts, and a
 * child logger carrying the job and consultation ids.
 */
import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { WebhookEvent } from '../models/decision-feed.js';

export const QUEUES = {
  triage: 'triage',
  webhooks: 'webhooks',
} as const;

export const deadLetterName = (queue: string) => `${queue}-dead`;

/** The job contracts: what each queue carries. */
/** One triage job: a batch of proposals of one consultation (sequences in intake order). */
export interface TriageJob { cid: string; seqs: number[] }
/** One webhook delivery: the event, never the URL (the worker reads the endpoint at each attempt). */
export interface WebhookJob { cid: string; event: WebhookEvent }

export interface QueueDefaults {
  attempts: number;
  lockMs: number;
}

export function jobDefaults(attempts: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: 500 },
    removeOnComplete: { age: 3600, count: 5000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/** BullMQ's key prefix: on a Redis Cluster hash-tagged, since BullMQ's scripts touch several keys of a queue
 * and a cluster runs a script only on keys of one slot; on one Redis BullMQ's default, so existing queues stay. */
export const queuePrefix = (connection: Redis) => (connection.isCluster ? '{bull}' : 'bull');

export function createQueue<T>(name: string, connection: Redis, attempts: number, log: Logger): Queue<T> {
  const queue = new Queue<T>(name, { connection, prefix: queuePrefix(connection), defaultJobOptions: jobDefaults(attempts) });
  queue.on('error', (err) => log.warn({ queue: name, err: err.message }, 'queue connection error'));
  return queue;
}

export interface DeadLetter<T> { data: T; failedReason: string; attemptsMade: number; jobId: string | undefined }

export interface WorkerOptions<T> {
  connection: Redis;
  concurrency: number;
  lockMs: number;
  log: Logger;
  /** stored on every job this worker processes (`processedBy`), to tell which process or thread handled it */
  name?: string;
  /** the consultation a job belongs to, for the logs */
  consultationOf: (data: T) => string;
  /** called when a job has used all its attempts, after it is copied to the dead-letter queue */
  onDeadLetter?: (dead: DeadLetter<T>, log: Logger) => Promise<void>;
}

/** How long a bounded close gives the disconnection and the dead-letter queue's close, each. */
const FORCED_CLOSE_MS = 1000;

/** Resolves with 'done' once `promise` settles, or with 'late' after `ms`; the timer does not hold the process. */
function within(promise: Promise<unknown>, ms: number): Promise<'done' | 'late'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('late'), ms);
    timer.unref();
    promise.then(() => resolve('done'), () => resolve('done')).finally(() => clearTimeout(timer));
  });
}

/** A BullMQ worker whose close() ends within its job lock. BullMQ's waits for the jobs under way with no bound, and a job
 * waiting on a connection that does not recover (a cluster node failed over; taskforcesh/bullmq#4656) held a
 * service's stop forever. Past the bound the jobs are let go: their locks are no longer renewed, so they lapse and
 * the stalled-job check of any worker runs them again — nothing is lost, as when a worker process dies. */
class BoundedWorker<T, R> extends Worker<T, R> {
  constructor(name: string, processor: (job: Job<T>, token?: string) => Promise<R>, options: ConstructorParameters<typeof Worker<T, R>>[2],
    private readonly bound: { lockMs: number; log: Logger; deadLetters: { close(): Promise<void> } }) {
    super(name, processor, options);
  }

  override async close(force = false): Promise<void> {
    const { lockMs, log, deadLetters } = this.bound;
    if (await within(super.close(force), lockMs) === 'late') {
      log.warn({ queue: this.name, lockMs }, 'jobs still running at close: let go, to be retried once their lock lapses');
      await this.lockManager.close();
      await within(this.disconnect(), FORCED_CLOSE_MS);
    }
    await within(deadLetters.close(), FORCED_CLOSE_MS);
  }
}

/** `process` receives the job's lock token, for the jobs it moves back to the delayed set (DelayedError). */
export function createWorker<T, R>(name: string, process: (job: Job<T>, log: Logger, token?: string) => Promise<R>, opts: WorkerOptions<T>): Worker<T, R> {
  const deadLetters = createQueue<DeadLetter<T>>(deadLetterName(name), opts.connection, 1, opts.log);
  const logFor = (job: Job<T>) => opts.log.child({ queue: name, jobId: job.id, consultationId: opts.consultationOf(job.data) });
  const worker = new BoundedWorker<T, R>(name, (job, token) => process(job, logFor(job), token), {
    connection: opts.connection,
    prefix: queuePrefix(opts.connection),
    ...(opts.name ? { name: opts.name } : {}),
    concurrency: opts.concurrency,
    lockDuration: opts.lockMs,
    stalledInterval: opts.lockMs,
    // A job whose worker died is retried, not failed, up to this many times.
    maxStalledCount: 5,
  }, { lockMs: opts.lockMs, log: opts.log, deadLetters });
  worker.on('failed', (job, err) => {
    if (!job) return;
    const log = logFor(job);
    const attempts = job.opts.attempts ?? 1;
    // An UnrecoverableError is not retried by BullMQ: it is final even with attempts left.
    if (job.attemptsMade < attempts && err.name !== 'UnrecoverableError') {
      log.warn({ err: err.message, attempt: job.attemptsMade }, 'job failed, will retry');
      return;
    }
    log.error({ err: err.message }, 'job out of attempts: dead-lettered');
    const dead: DeadLetter<T> = { data: job.data, failedReason: err.message, attemptsMade: job.attemptsMade, jobId: job.id };
    void deadLetters.add('dead', dead, { removeOnComplete: false, removeOnFail: false })
      .then(() => opts.onDeadLetter?.(dead, log))
      .catch((e: Error) => log.error({ err: e.message }, 'dead-letter handling failed'));
  });
  worker.on('error', (err) => opts.log.error({ queue: name, err: err.message }, 'worker error'));
  return worker;
}
