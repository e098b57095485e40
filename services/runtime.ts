/**
 * Composes the service for a role: the API (intake, reads, moderation), the triage workers, or both.
 * Used by services/main.ts and by the tests, which start real runtimes against real redis-servers.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Env } from '../config/env.js';
import { loadContentModels } from '../models/checks/content-models.js';
import { ConsultationStore } from '../models/store/consultations.js';
import { ProposalStore } from '../models/store/proposals.js';
import { QUEUES, bullConnection, createQueue, createWorker } from '../workers/queues.js';
import { processTriage, sendToReviewAfterFailure, type TriageJob } from '../workers/triage/process.js';
import { startSweeper } from '../workers/triage/sweeper.js';
import { createApp } from './app.js';
import { Auth } from './auth.js';
import type { ApiDeps } from './deps.js';
import { RateLimiter } from './http/rate-limit.js';
import { BacklogMonitor, IntakeService } from './intake.js';
import { Metrics } from './metrics.js';

export interface Runtime {
  deps: ApiDeps;
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function startRuntime(env: Env & { ADMIN_TOKEN: string; REDIS_URL: string }, log: Logger): Promise<Runtime> {
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 3 });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
  const metrics = new Metrics();
  const consultations = new ConsultationStore(redis);
  const proposals = new ProposalStore(redis);
  const triageQueue = createQueue<TriageJob>(QUEUES.triage, redis, env.TRIAGE_ATTEMPTS);
  const backlog = new BacklogMonitor(redis, consultations, metrics);
  const intake = new IntakeService(proposals, triageQueue, backlog, metrics,
    { chunk: env.TRIAGE_CHUNK, maxGroup: env.INTAKE_MAX_GROUP, maxBacklog: env.INTAKE_MAX_BACKLOG }, log);
  const limiter = new RateLimiter(redis, env.RATE_LIMIT_PER_MINUTE);
  const auth = new Auth(redis, env.ADMIN_TOKEN, env.AUTH_CACHE_MS);
  const deps: ApiDeps = { env, redis, log, proposals, consultations, intake, auth, limiter, metrics, triageQueue };
  const stops: (() => Promise<void>)[] = [];

  if (env.ROLE !== 'api') {
    await loadContentModels();
    const workerConnection = bullConnection(env.REDIS_URL);
    workerConnection.on('error', () => undefined);
    const triageDeps = { redis, proposals, consultations, metrics };
    const worker = createWorker<TriageJob, { committed: number }>(QUEUES.triage, (job, jobLog) => processTriage(job.data, triageDeps, jobLog), {
      connection: workerConnection, concurrency: env.TRIAGE_CONCURRENCY, lockMs: env.TRIAGE_LOCK_MS, log,
      consultationOf: (d) => d.cid,
      onDeadLetter: (dead) => sendToReviewAfterFailure(dead.data, dead.failedReason, triageDeps),
    });
    const stopSweeper = startSweeper(redis, triageQueue, consultations, { intervalMs: env.SWEEP_INTERVAL_MS, afterMs: env.SWEEP_AFTER_MS }, log);
    stops.push(async () => {
      await stopSweeper();
      await worker.close();
      workerConnection.disconnect();
    });
  }

  backlog.start();
  await backlog.refresh().catch(() => undefined);
  const { app } = createApp(deps, { systemOnly: env.ROLE === 'worker' });
  const server = app.listen(env.PORT, env.HOST);
  await once(server, 'listening');
  server.keepAliveTimeout = 65_000;
  const port = (server.address() as { port: number }).port;
  log.info({ port, role: env.ROLE }, 'service listening');

  let closing: Promise<void> | null = null;
  const close = () => closing ??= (async () => {
    const closed = new Promise<void>((r) => server.close(() => r()));
    server.closeIdleConnections();
    await intake.drain();
    await closed;
    for (const stop of stops) await stop();
    backlog.stop();
    await limiter.close().catch(() => undefined);
    await triageQueue.close();
    await redis.quit().catch(() => redis.disconnect());
  })();
  return { deps, server, port, close };
}
