/** Entry point of a triage thread (started by workers/triage/threads.ts): its own Redis connection and the
 * triage worker; what it triages is reported to the main thread, which serves /metrics. */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { Redis } from 'ioredis';
import { createLogger } from '../../services/logger.js';
import type { ThreadData, ThreadMessage } from './threads.js';
import { startTriageWorker } from './worker.js';

const { env, logLevel, tables } = workerData as ThreadData;
const port = parentPort!;
const send = (m: ThreadMessage) => port.postMessage(m);
const log = createLogger(logLevel, { role: 'worker', triageThread: threadId });
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 3 });
redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
const worker = await startTriageWorker(env, redis, (report) => send({ type: 'report', report }), log, tables);
port.on('message', (message) => {
  if (message !== 'close') return;
  void (async () => {
    await worker.close();
    await redis.quit().catch(() => redis.disconnect());
    process.exit(0); // in a worker thread: ends this thread only
  })();
});
send({ type: 'ready' });
