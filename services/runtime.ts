/**
 * Composes the service for a role: the API (intake, reads, moderation), the triage workers, or both.
 * Used by services/main.ts and by the tests, which start real runtimes against real redis-servers.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { hostname } from 'node:os';
import type { Server } from 'node:http';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Env } from '../config/env.js';
import { ConsultationStore } from '../models/store/consultations.js';
import { ProposalStore } from '../models/store/proposals.js';
import { DecisionLog } from '../models/store/decisions.js';
import { DECISIONS_GROUP, WebhookStore } from '../models/store/webhooks.js';
import { startStreamFollower } from '../workers/decision-streams.js';
import { QUEUES, bullConnection, createQueue, createWorker, deadLetterName, type DeadLetter } from '../workers/queues.js';
import { deliverWebhook, enqueueDecisions, type WebhookJob } from '../workers/webhooks/deliver.js';
import { StatsService, alertBands } from './consultation-stats.js';
import { startAlertMonitor } from './alert-monitor.js';
import type { TriageJob, TriageReport } from '../workers/triage/process.js';
import { startTriageThreads } from '../workers/triage/threads.js';
import { sharedTables } from '../models/text/shared-tables.js';
import { startTriageWorker } from '../workers/triage/worker.js';
import { startSweeper } from '../workers/triage/sweeper.js';
import { DecisionLearner } from '../workers/learning/decisions.js';
import { createApp } from './app.js';
import { Auth } from './auth.js';
import type { ApiDeps } from './deps.js';
import { RateLimiter } from './http/rate-limit.js';
import { BacklogMonitor, IntakeService } from './intake.js';
import { Metrics } from './metrics.js';

/** How often an idle learning worker looks for new decisions. */
const LEARNING_POLL_MS = 200;

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
  const triageQueue = createQueue<TriageJob>(QUEUES.triage, redis, env.TRIAGE_ATTEMPTS, log);
  const backlog = new BacklogMonitor(redis, consultations, metrics);
  const intake = new IntakeService(proposals, triageQueue, backlog, metrics,
    { chunk: env.TRIAGE_CHUNK, maxGroup: env.INTAKE_MAX_GROUP, maxBacklog: env.INTAKE_MAX_BACKLOG }, log);
  const limiter = new RateLimiter(redis, env.RATE_LIMIT_PER_MINUTE);
  const auth = new Auth(redis, env.ADMIN_TOKEN, env.AUTH_CACHE_MS, env.SESSION_TTL_MS);
  const webhooks = new WebhookStore(redis);
  const webhookQueue = createQueue<WebhookJob>(QUEUES.webhooks, redis, env.WEBHOOK_ATTEMPTS, log);
  const webhookDeadLetters = createQueue<DeadLetter<WebhookJob>>(deadLetterName(QUEUES.webhooks), redis, 1, log);
  const triageDeadLetters = createQueue(deadLetterName(QUEUES.triage), redis, 1, log);
  const stats = new StatsService(redis, proposals, alertBands(env));
  const deps: ApiDeps = {
    env, redis, log, proposals, consultations, intake, auth, limiter, metrics, triageQueue,
    decisionLog: new DecisionLog(redis), stats, webhooks, webhookQueue, webhookDeadLetters,
    opsQueues: [triageQueue, triageDeadLetters, webhookQueue, webhookDeadLetters],
  };
  const stops: (() => Promise<void>)[] = [];

  if (env.ROLE !== 'api') {
    const triageEnv = { REDIS_URL: env.REDIS_URL, TRIAGE_CONCURRENCY: env.TRIAGE_CONCURRENCY, TRIAGE_LOCK_MS: env.TRIAGE_LOCK_MS, ...(env.EMBEDDING_MODEL_DIR ? { EMBEDDING_MODEL_DIR: env.EMBEDDING_MODEL_DIR } : {}) };
    const report = (r: TriageReport) => metrics.recordTriage(r);
    // the big read-only tables once for the process, then the threads load the rest of their models (fastText,
    // small tables) on the other cores while this thread loads its own
    const tables = await sharedTables();
    const [worker, stopThreads] = await Promise.all([
      startTriageWorker(triageEnv, redis, report, log, tables),
      startTriageThreads(env.TRIAGE_THREADS, { env: triageEnv, logLevel: env.LOG_LEVEL, tables }, report, log),
    ]);
    const stopSweeper = startSweeper(redis, triageQueue, consultations, { intervalMs: env.SWEEP_INTERVAL_MS, afterMs: env.SWEEP_AFTER_MS }, log);
    const learner = new DecisionLearner(redis, consultations, { pollMs: LEARNING_POLL_MS, consumer: `${hostname()}-${process.pid}-${randomUUID()}` }, log);
    learner.start();
    stops.push(async () => {
      await learner.stop();
      await stopSweeper();
      await Promise.all([worker.close(), stopThreads()]);
    });
    stops.push(startDecisionFollowers(env, deps, log));
  }

  backlog.start();
  await backlog.refresh().catch(() => undefined);
  const { app } = createApp(deps, { systemOnly: env.ROLE === 'worker' });
  const server = app.listen(env.PORT, env.HOST);
  await once(server, 'listening');
  server.keepAliveTimeout = 65_000;
  const port = (server.address() as { port: number }).port;
  log.info({ port }, 'service listening');

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
    for (const q of [webhookQueue, webhookDeadLetters, triageDeadLetters]) await q.close();
    await redis.quit().catch(() => redis.disconnect());
  })();
  return { deps, server, port, close };
}

/** Worker role: the webhook delivery worker, the dispatcher and the metrics follower of the decisions
 * streams, and the alert gauges. Answers their stop function. */
function startDecisionFollowers(env: Env & { REDIS_URL: string }, deps: ApiDeps, log: Logger): () => Promise<void> {
  const { redis, webhooks, webhookQueue, metrics, stats, consultations } = deps;
  const connection = bullConnection(env.REDIS_URL);
  connection.on('error', () => undefined);
  const delivery = { timeoutMs: env.WEBHOOK_TIMEOUT_MS, disableAfter: env.WEBHOOK_DISABLE_AFTER };
  const worker = createWorker<WebhookJob, { status: number }>(QUEUES.webhooks,
    (job, jobLog) => deliverWebhook(job.data, job.attemptsMade + 1, { store: webhooks, metrics }, delivery, jobLog), {
      connection, concurrency: env.WEBHOOK_CONCURRENCY, lockMs: env.TRIAGE_LOCK_MS, log, consultationOf: (d) => d.cid,
    });
  const follow = { intervalMs: env.DECISION_POLL_MS, claimIdleMs: env.DECISION_CLAIM_IDLE_MS };
  const stopDispatcher = startStreamFollower(redis, {
    ...follow, group: DECISIONS_GROUP, consultations: () => webhooks.enabledConsultations(),
    handle: enqueueDecisions(webhookQueue, { attempts: env.WEBHOOK_ATTEMPTS, backoffMs: env.WEBHOOK_BACKOFF_MS }),
  }, log);
  const stopMetrics = startStreamFollower(redis, {
    ...follow, group: 'metrics', consultations: () => consultations.ids(),
    handle: async (cid, records) => {
      const facts = await stats.proposalFacts(cid, records);
      for (const r of records) metrics.recordDecision(r, facts.get(r.proposalId));
    },
  }, log);
  const stopAlerts = startAlertMonitor(deps, env.ALERT_INTERVAL_MS, log);
  return async () => {
    await Promise.all([stopDispatcher(), stopMetrics(), stopAlerts()]);
    await worker.close();
    connection.disconnect();
  };
}
