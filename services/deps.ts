import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Env } from '../config/env.js';
import type { ConsultationStore } from '../models/store/consultations.js';
import type { ProposalStore } from '../models/store/proposals.js';
import type { TriageJob } from '../workers/triage/process.js';
import type { DecisionLog } from '../models/store/decisions.js';
import type { WebhookStore } from '../models/store/webhooks.js';
import type { AppealStore } from '../models/store/appeals.js';
import type { Eraser, ErasureStore } from '../models/store/erasure.js';
import type { ReportStore } from '../models/store/reports.js';
import type { DeadLetter } from '../workers/queues.js';
import type { WebhookJob } from '../workers/webhooks/deliver.js';
import type { StatsService } from './consultation-stats.js';
import type { Auth } from './auth.js';
import type { RateLimiter } from './http/rate-limit.js';
import type { IntakeService } from './intake.js';
import type { Metrics } from './metrics.js';

/** What the HTTP handlers depend on; built once in services/main.ts (or by a test). */
export interface ApiDeps {
  env: Env;
  redis: Redis;
  log: Logger;
  proposals: ProposalStore;
  consultations: ConsultationStore;
  intake: IntakeService;
  auth: Auth;
  limiter: RateLimiter;
  metrics: Metrics;
  triageQueue: Queue<TriageJob>;
  decisionLog: DecisionLog;
  stats: StatsService;
  webhooks: WebhookStore;
  webhookQueue: Queue<WebhookJob>;
  webhookDeadLetters: Queue<DeadLetter<WebhookJob>>;
  /** every queue shown on the ops board (/ops/queues), dead-letter queues included */
  opsQueues: Queue[];
  reports: ReportStore;
  appeals: AppealStore;
  erasure: ErasureStore;
  eraser: Eraser;
}

