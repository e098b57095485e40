/** All configuration, read once from the environment and validated; every default runs locally. */
import { availableParallelism } from 'node:os';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const EnvSchema = z.object({
  NODE_ENV: z.string().default('development'),
  /** api: HTTP only; worker: triage workers only (with /healthz and /metrics); all: both in one process */
  ROLE: z.enum(['api', 'worker', 'all']).default('all'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** When unset, a private redis-server is started from PATH with its data under DATA_DIR/redis. */
  REDIS_URL: z.string().url().optional(),
  /** A Redis Cluster instead (Valkey and managed cluster-mode Redis alike): its seed nodes, `host:port,host:port,…`.
   * Takes precedence over REDIS_URL. docs/ARCHITECTURE.md says what one consultation can take (one slot). */
  REDIS_CLUSTER_NODES: z.string().regex(/^\s*[^\s,:]+:\d+\s*(,\s*[^\s,:]+:\d+\s*)*$/, 'host:port,host:port,…').optional(),
  DATA_DIR: z.string().default('.data'),
  /** Token with every right. When unset, one is generated and written to DATA_DIR/admin-token (mode 600). */
  ADMIN_TOKEN: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  /** Triage jobs processed at once by one worker process. */
  TRIAGE_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** Triage threads beside the main thread of a worker process (triage is CPU-bound): one per extra core. */
  // one triage thread per core; with at least one, the main thread serves HTTP and never triages (a hostile batch
  // cannot delay /healthz or the API); 0 = the main thread triages (one process, tests)
  TRIAGE_THREADS: z.coerce.number().int().min(0).max(64).default(availableParallelism()),
  // how long one proposal's checks may take before it goes to review unfinished (models/pipeline.ts runChecks)
  TRIAGE_PROPOSAL_BUDGET_MS: z.coerce.number().int().min(1).default(250),
  /** Proposals per triage job: intake groups what arrives together. Each job pays fixed costs (model reads,
   * Redis scripts, the wait for earlier registrations): 500 triaged 922–997/s end to end against 703–754/s
   * for 100 (docs/PERFORMANCE.md); larger jobs hold Redis longer per script call. */
  TRIAGE_CHUNK: z.coerce.number().int().min(1).max(1000).default(500),
  TRIAGE_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  /** A worker that stops renewing its lock for this long is presumed dead; its job goes to another worker. */
  TRIAGE_LOCK_MS: z.coerce.number().int().min(1000).default(15000),
  /** How often the outbox sweeper looks for accepted proposals whose triage job was lost. */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(15000),
  /** A proposal still queued after this long is checked by the sweeper. */
  SWEEP_AFTER_MS: z.coerce.number().int().min(100).default(60000),

  /** Backpressure: above this many proposals waiting for triage, intake answers 503 with Retry-After. */
  INTAKE_MAX_BACKLOG: z.coerce.number().int().min(1).default(500000),
  /** Intake requests arriving within the same event-loop turn share one Redis script and one enqueue. */
  INTAKE_MAX_GROUP: z.coerce.number().int().min(1).max(5000).default(2000),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /** Requests per minute per API key (admin included), counted in Redis across all API processes. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(120000),
  /** Failed authentications (unknown token or session) per client address and minute, counted in Redis across API
   * processes; beyond, requests that would look a token or session up are answered 429 (the admin token and keys
   * cached in the process still pass). Behind a reverse proxy, set TRUST_PROXY so the address is the client's. */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** Revoked keys stop working within this many ms (keys are cached in each process). */
  AUTH_CACHE_MS: z.coerce.number().int().min(0).default(5000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(15000),
  /** Webhooks: delivery attempts per event, first retry delay (doubled at each attempt), request timeout. */
  WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).default(2000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  /** An endpoint is disabled after this many consecutive failed attempts (any event). */
  WEBHOOK_DISABLE_AFTER: z.coerce.number().int().min(1).default(25),
  /** Deliveries at once per worker process: each waits on a socket, not on the CPU. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
  /** At most this many of them for one endpoint (one while it is failing): a slow receiver cannot hold them all. */
  WEBHOOK_ENDPOINT_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  /** Private ranges webhooks may reach, as CIDRs (`127.0.0.1/32,10.1.0.0/16`): on-premise receivers, tests.
   * Everything else private, loopback, link-local… is refused; plain http is allowed only to these. Parsed
   * by lib/address-policy.ts when the runtime starts (a bad entry stops it, named). */
  WEBHOOK_ALLOW_PRIVATE: z.string().default(''),
  /** How often worker processes read new entries of the decisions streams (webhook dispatch, metrics). */
  DECISION_POLL_MS: z.coerce.number().int().min(10).default(250),
  /** Decisions-stream entries (the feed, the audit log) older than this are trimmed once every consumer group
   * has read them and their webhook is delivered or dead-lettered (workers/decision-trim.ts); default 30 days. */
  DECISIONS_RETENTION_MS: z.coerce.number().int().min(0).default(30 * 86_400_000),
  /** How often a worker process trims the decisions streams. */
  DECISIONS_TRIM_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  /** A stream entry read by a consumer that died is taken over after this long unacknowledged. */
  DECISION_CLAIM_IDLE_MS: z.coerce.number().int().min(100).default(30000),
  /** Alert bands (docs/OPS.md): static rejection-rate band used until a consultation has a baseline, the
   * smallest deviation from the baseline that alerts, and the oldest acceptable waits in the queues. */
  ALERT_REJECTION_RATE_LOW: z.coerce.number().min(0).max(1).default(0),
  ALERT_REJECTION_RATE_HIGH: z.coerce.number().min(0).max(1).default(0.8),
  ALERT_REJECTION_MIN_DELTA: z.coerce.number().min(0).max(1).default(0.15),
  ALERT_TRIAGE_AGE_MS: z.coerce.number().int().min(1).default(120_000),
  ALERT_REVIEW_AGE_MS: z.coerce.number().int().min(1).default(48 * 3600_000),
  /** How often a worker process recomputes the alert gauges of every consultation. */
  ALERT_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  /** Folder of a sentence-embedding model (ONNX, Hugging Face layout) for the semantic similarity stage;
   * unset = lexical similarity only. Never downloaded: see docs/DUPLICATES.md. */
  EMBEDDING_MODEL_DIR: z.string().min(1).optional(),
  /** Trust X-Forwarded-* from a reverse proxy. */
  TRUST_PROXY: bool.default(false),
  /** How long "next item" reserves a proposal for one moderator unless renewed. */
  REVIEW_LEASE_S: z.coerce.number().int().min(1).max(3600).default(120),
  /** A moderator may take back their decision within this window. */
  REVIEW_UNDO_WINDOW_MS: z.coerce.number().int().min(0).default(30000),
  /** Browser sessions (moderator and ops web page) last this long. */
  SESSION_TTL_MS: z.coerce.number().int().min(60000).default(8 * 3600 * 1000),
  /** Browser sessions one key (or the admin token) may hold at once: a new sign-in ends the oldest beyond this many.
   * 1 (default): signing in on another browser signs the first one out. */
  SESSIONS_PER_KEY: z.coerce.number().int().min(1).max(100).default(1),
  /** The deployment's name in the moderator page's header (the platform's or the organiser's, never a state's
   * emblem it may not use); empty: the page shows only the product name. */
  BRAND_NAME: z.string().max(100).default(''),
  /** Reports one participant may file per consultation and minute (beyond: 429). */
  REPORTS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** How often a worker process looks for closed consultations past their retention period. */
  RETENTION_INTERVAL_MS: z.coerce.number().int().min(100).default(3600 * 1000),
});

export type Env = z.infer<typeof EnvSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
