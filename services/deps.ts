import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Env } from '../config/env.js';
import type { AddressPolicy } from '../lib/address-policy.js';
import type { ConsultationStore } from '../models/store/consultations.js';
import type { ProposalStore } from '../models/store/proposals.js';
import type { DecisionLog } from '../models/store/decision-stream.js';
import type { WebhookStore } from '../models/store/webhooks.js';
import type { AppealStore } from '../models/store/appeals.js';
import type { Eraser, ErasureStore } from '../models/store/erasure.js';
import type { ReportStore } from '../models/store/reports.js';
import type { ReviewStore } from '../models/store/review.js';
import type { GroupStore } from '../models/store/groups.js';
import type { DeadWebhook } from '../models/decision-feed.js';
import type { StatsStore } from '../models/store/stats.js';
import type { Auth } from './auth.js';
import type { RateLimiter } from './http/rate-limit.js';
import type { IntakeService } from './intake.js';
import type { Metrics } from '../lib/metrics.js';

/** The webhook events of a consultation that used all their attempts, and their replay. */
export interface WebhookDeadLetters {
  list(cid: string): Promise<DeadWebhook[]>;
  /** sends them again (same event ids); answers how many */
  replay(cid: string): Promise<number>;
}

/** What the HTTP handlers depend on; built once in app/runtime.ts (or by a test). The queues come in as
 * functions (EnqueueTriage, WebhookDeadLetters), so the HTTP side never imports workers/. */
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
  decisionLog: DecisionLog;
  stats: StatsStore;
  webhooks: WebhookStore;
  /** where webhooks may go (WEBHOOK_ALLOW_PRIVATE): checked when a URL is saved and when it is called */
  webhookAddresses: AddressPolicy;
  webhookDeadLetters: WebhookDeadLetters;
  /** every queue shown on the ops board (/ops/queues), dead-letter queues included */
  opsQueues: Queue[];
  reports: ReportStore;
  appeals: AppealStore;
  erasure: ErasureStore;
  eraser: Eraser;
  review: ReviewStore;
  groups: GroupStore;
  /** aborted when the process starts shutting down: long waits (the queue's long poll) answer at once */
  shutdown: AbortSignal;
}

