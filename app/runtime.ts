/**
 * The composition root: composes the service for a role — the API (intake, reads, moderation), the workers,
 * or both. The HTTP side (services/) and the workers (workers/) never import each other; what one needs of
 * the other is built here and injected. Used by app/main.ts and by the tests, which start real runtimes
 * against real redis-servers.
 */
import { randomUUID } from 'node:crypto';
import { once, setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import type { Server } from 'node:http';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Env } from '../config/env.js';
import { Metrics, type TriageReport } from '../lib/metrics.js';
import type { AlertBands } from '../models/ops-stats.js';
import { DecisionLog, type DecisionRecord } from '../models/store/decision-stream.js';
import { AppealStore } from '../models/store/appeals.js';
import { ErasureStore, type Eraser } from '../models/store/erasure.js';
import { ReportStore } from '../models/store/reports.js';
import { ApiKeyStore } from '../models/store/api-keys.js';
import { RateCounters } from '../models/store/rate-limits.js';
import { ReviewStore } from '../models/store/review.js';
import { SessionStore } from '../models/store/sessions.js';
import { forgetConsultationFeatures, forgetFeatures } from '../models/store/similarity-index.js';
import { parseProposalId, proposalId } from '../models/proposal-id.js';
import { statementOfReasons } from '../models/statement-of-reasons.js';
import { startRetention } from '../workers/retention.js';
import { startDecisionTrim } from '../workers/decision-trim.js';
import { triageStores } from '../models/store/triage-stores.js';
import { Locks } from '../models/store/locks.js';
import { StatsStore } from '../models/store/stats.js';
import { sharedTables } from '../models/text/shared-tables.js';
import { DECISIONS_GROUP, WebhookStore } from '../models/store/webhooks.js';
import { createApp } from '../services/app.js';
import { Auth } from '../services/auth.js';
import type { ApiDeps } from '../services/deps.js';
import { RateLimiter } from '../services/http/rate-limit.js';
import { BacklogMonitor, IntakeService } from '../services/intake.js';
import { startAlertMonitor } from '../workers/alerts/monitor.js';
import { startStreamFollower } from '../workers/decision-streams.js';
import { DecisionLearner } from '../workers/learning/learner.js';
import { QUEUES, createQueue, createWorker, deadLetterName, type DeadLetter, type TriageJob, type WebhookJob } from '../workers/queues.js';
import { startSweeper } from '../workers/triage/sweeper.js';
import { startTriageThreads } from '../workers/triage/threads.js';
import { startTriageWorker } from '../workers/triage/worker.js';
import { deadWebhooks, deliveryProcessor, enqueueDecisions, replayDeadLetters, scrubErasedEvents, type EventExtras } from '../workers/webhooks/deliver.js';
import { WebhookClient } from '../workers/webhooks/post.js';
import { AddressPolicy } from '../lib/address-policy.js';
import { bullConnection, commandConnection } from './redis.js';

/** How often an idle learning worker looks for new decisions. */
const LEARNING_POLL_MS = 200;
/** While closing, connections left idle by a finished request are closed this often. */
const IDLE_SWEEP_MS = 50;

export interface Runtime {
  deps: ApiDeps;
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function startRuntime(env: Env & { ADMIN_TOKEN: string }, log: Logger): Promise<Runtime> {
  // First: a bad WEBHOOK_ALLOW_PRIVATE entry stops the start before anything connects.
  const webhookAddresses = new AddressPolicy(env.WEBHOOK_ALLOW_PRIVATE);
  const redis = commandConnection(env, log);
  const metrics = new Metrics();
  const stores = triageStores(redis);
  const { consultations, proposals } = stores;
  const triageQueue = createQueue<TriageJob>(QUEUES.triage, redis, env.TRIAGE_ATTEMPTS, log);
  const backlog = new BacklogMonitor(proposals, consultations, metrics);
  const enqueueTriage = async (cid: string, jobs: readonly { jobId: string; seqs: number[] }[]) => {
    await triageQueue.addBulk(jobs.map((j) => ({ name: 'triage', data: { cid, seqs: j.seqs }, opts: { jobId: j.jobId } })));
  };
  const intake = new IntakeService(proposals, enqueueTriage, backlog, metrics,
    { chunk: env.TRIAGE_CHUNK, maxGroup: env.INTAKE_MAX_GROUP, maxBacklog: env.INTAKE_MAX_BACKLOG }, log);
  const limiter = new RateLimiter(new RateCounters(redis), env.RATE_LIMIT_PER_MINUTE);
  const authFailures = new RateLimiter(new RateCounters(redis), env.AUTH_FAILURES_PER_MINUTE);
  const auth = new Auth(new ApiKeyStore(redis), new SessionStore(redis, env.SESSION_TTL_MS, env.SESSIONS_PER_KEY), env.ADMIN_TOKEN,
    env.AUTH_CACHE_MS, authFailures);
  const webhooks = new WebhookStore(redis);
  const webhookQueue = createQueue<WebhookJob>(QUEUES.webhooks, redis, env.WEBHOOK_ATTEMPTS, log);
  const webhookDeadLetters = createQueue<DeadLetter<WebhookJob>>(deadLetterName(QUEUES.webhooks), redis, 1, log);
  const triageDeadLetters = createQueue(deadLetterName(QUEUES.triage), redis, 1, log);
  const decisionLog = new DecisionLog(redis);
  const stats = new StatsStore(redis, proposals, decisionLog, alertBands(env));
  const webhookRetry = { attempts: env.WEBHOOK_ATTEMPTS, backoffMs: env.WEBHOOK_BACKOFF_MS };
  const erasure = new ErasureStore(redis, stores.semantic);
  const eraser: Eraser = {
    async erase(cid, seqs, by) {
      const erased = await erasure.erase(cid, seqs, by);
      if (erased.length > 0) {
        forgetFeatures(cid, erased);
        const ids = new Set(erased.map((seq) => proposalId(cid, seq)));
        await scrubErasedEvents(webhookQueue, webhookDeadLetters, cid, (id) => ids.has(id));
      }
      return erased;
    },
    async eraseAll(cid, by) {
      const erased = await erasure.eraseAll(cid, by);
      forgetConsultationFeatures(cid);
      await scrubErasedEvents(webhookQueue, webhookDeadLetters, cid, () => true);
      return erased;
    },
  };
  const shutdown = new AbortController();
  // every pending long poll of the review page waits on this signal (services/routes/review.ts), one per moderator
  // watching a queue: more than Node's default of 10 listeners is the normal case, not a leak
  setMaxListeners(Infinity, shutdown.signal);
  const deps: ApiDeps = {
    env, redis, log, proposals, consultations, intake, auth, limiter, metrics,
    decisionLog, stats, webhooks, webhookAddresses,
    webhookDeadLetters: {
      list: (cid) => deadWebhooks(webhookDeadLetters, cid),
      replay: (cid) => replayDeadLetters(webhookDeadLetters, webhookQueue, cid, webhookRetry),
    },
    opsQueues: [triageQueue, triageDeadLetters, webhookQueue, webhookDeadLetters],
    reports: new ReportStore(redis), appeals: new AppealStore(redis), erasure, eraser,
    review: new ReviewStore(redis, proposals), groups: stores.groups, shutdown: shutdown.signal,
  };
  const stops: (() => Promise<void>)[] = [];

  if (env.ROLE !== 'api') {
    const triageEnv = {
      REDIS_URL: env.REDIS_URL, REDIS_CLUSTER_NODES: env.REDIS_CLUSTER_NODES, TRIAGE_CONCURRENCY: env.TRIAGE_CONCURRENCY,
      TRIAGE_LOCK_MS: env.TRIAGE_LOCK_MS, TRIAGE_PROPOSAL_BUDGET_MS: env.TRIAGE_PROPOSAL_BUDGET_MS,
      ...(env.EMBEDDING_MODEL_DIR ? { EMBEDDING_MODEL_DIR: env.EMBEDDING_MODEL_DIR } : {}),
    };
    const report = (r: TriageReport) => metrics.recordTriage(r);
    // the big read-only tables once for the process, shared by the threads. With triage threads, this thread never
    // triages: it answers HTTP (/healthz, the API) and runs the light workers, whatever a batch costs. Without
    // (TRIAGE_THREADS=0), it triages itself.
    const tables = await sharedTables();
    const bull = bullConnection(env);
    const [worker, stopThreads] = await Promise.all([
      env.TRIAGE_THREADS === 0 ? startTriageWorker(triageEnv, { stores, bull }, report, log, tables) : null,
      startTriageThreads(env.TRIAGE_THREADS, new URL('./triage-thread.js', import.meta.url), { env: triageEnv, logLevel: env.LOG_LEVEL, tables }, report, log),
    ]);
    const stopSweeper = startSweeper(new Locks(redis), { proposals, consultations }, triageQueue, { intervalMs: env.SWEEP_INTERVAL_MS, afterMs: env.SWEEP_AFTER_MS }, log);
    const learner = new DecisionLearner(redis, stores, { pollMs: LEARNING_POLL_MS, consumer: `${hostname()}-${process.pid}-${randomUUID()}` }, log);
    learner.start();
    stops.push(async () => {
      await learner.stop();
      await stopSweeper();
      await Promise.all([worker?.close(), stopThreads()]);
      bull.disconnect();
    });
    stops.push(startDecisionFollowers(env, deps, webhookQueue, log));
    stops.push(startRetention(deps, env.RETENTION_INTERVAL_MS, log));
    stops.push(startDecisionTrim({ redis: deps.redis, consultationIds: () => deps.consultations.ids(), webhookQueue },
      { retentionMs: env.DECISIONS_RETENTION_MS, intervalMs: env.DECISIONS_TRIM_INTERVAL_MS }, log));
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
    // long polls answer now; each connection is closed as soon as its request is answered (a kept-alive one would
    // hold server.close() for keepAliveTimeout), requests in flight finish
    shutdown.abort();
    const closed = new Promise<void>((r) => server.close(() => r()));
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    await intake.drain();
    await closed;
    clearInterval(sweep);
    for (const stop of stops) await stop();
    backlog.stop();
    await Promise.all([limiter.close(), authFailures.close()]).catch(() => undefined);
    await triageQueue.close();
    for (const q of [webhookQueue, webhookDeadLetters, triageDeadLetters]) await q.close();
    await redis.quit().catch(() => redis.disconnect());
  })();
  return { deps, server, port, close };
}

/** Worker role: the webhook delivery worker, the dispatcher and the metrics follower of the decisions
 * streams, and the alert gauges. Answers their stop function. */
function startDecisionFollowers(env: Env, deps: ApiDeps, webhookQueue: Queue<WebhookJob>, log: Logger): () => Promise<void> {
  const { redis, webhooks, metrics, stats, consultations } = deps;
  const connection = bullConnection(env);
  const client = new WebhookClient(deps.webhookAddresses, env.WEBHOOK_TIMEOUT_MS);
  const deliver = deliveryProcessor({ store: webhooks, metrics, client },
    { disableAfter: env.WEBHOOK_DISABLE_AFTER, perEndpoint: env.WEBHOOK_ENDPOINT_CONCURRENCY });
  const worker = createWorker<WebhookJob, { status: number }>(QUEUES.webhooks, deliver, {
    connection, concurrency: env.WEBHOOK_CONCURRENCY, lockMs: env.TRIAGE_LOCK_MS, log, consultationOf: (d) => d.cid,
  });
  const follow = { intervalMs: env.DECISION_POLL_MS, claimIdleMs: env.DECISION_CLAIM_IDLE_MS };
  const stopDispatcher = startStreamFollower(redis, {
    ...follow, group: DECISIONS_GROUP, consultations: () => webhooks.enabledConsultations(),
    handle: enqueueDecisions(webhookQueue, { attempts: env.WEBHOOK_ATTEMPTS, backoffMs: env.WEBHOOK_BACKOFF_MS }, (cid, records) => eventExtras(deps, cid, records)),
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
    client.close();
    connection.disconnect();
  };
}

/** A refusal's event carries its statement of reasons, made from the stream entry's decision and the proposal's
 * suggestion; an event whose proposal was erased since loses its external id. */
async function eventExtras({ proposals, consultations }: ApiDeps, cid: string, records: DecisionRecord[]): Promise<Map<string, EventExtras>> {
  const consultation = await consultations.get(cid);
  const found = await proposals.readMany(cid, records.map((r) => parseProposalId(r.proposalId)?.seq ?? 0));
  const out = new Map<string, EventExtras>();
  records.forEach((r, i) => {
    const p = found[i];
    if (!p) {
      out.set(r.id, { erased: true });
      return;
    }
    if (r.outcome !== 'reject' || !consultation) return;
    const statement = statementOfReasons({
      suggestion: p.suggestion, reported: p.withdrawnAt !== undefined,
      decision: { outcome: 'reject', reason: r.reason, decidedBy: r.decidedBy, decidedAt: new Date(r.decidedAtMs).toISOString() },
    }, consultation);
    if (statement) out.set(r.id, { statement });
  });
  return out;
}

const alertBands = (env: Env): AlertBands => ({
  rejectionLow: env.ALERT_REJECTION_RATE_LOW,
  rejectionHigh: env.ALERT_REJECTION_RATE_HIGH,
  minDelta: env.ALERT_REJECTION_MIN_DELTA,
  triageAgeMs: env.ALERT_TRIAGE_AGE_MS,
  reviewAgeMs: env.ALERT_REVIEW_AGE_MS,
});
