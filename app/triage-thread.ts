/** Entry point of a triage thread (started through workers/triage/threads.ts by app/runtime.ts): its own Redis
 * connections and the triage worker; what it triages is reported to the main thread, which serves /metrics. */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { createLogger } from '../lib/logger.js';
import type { ThreadData, ThreadMessage } from '../workers/triage/threads.js';
import { startTriageWorker } from '../workers/triage/worker.js';
import { triageStores } from '../models/store/triage-stores.js';
import { bullConnection, commandConnection } from './redis.js';

const { env, logLevel, tables } = workerData as ThreadData;
const port = parentPort!;
const send = (m: ThreadMessage) => port.postMessage(m);
const log = createLogger(logLevel, { role: 'worker', triageThread: threadId });
const redis = commandConnection(env, log);
const bull = bullConnection(env);
const worker = await startTriageWorker(env, { stores: triageStores(redis), bull }, (report) => send({ type: 'report', report }), log, tables);
port.on('message', (message) => {
  if (message !== 'close') return;
  void (async () => {
    await worker.close();
    bull.disconnect();
    await redis.quit().catch(() => redis.disconnect());
    process.exit(0); // in a worker thread: ends this thread only
  })();
});
send({ type: 'ready' });
