import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Env } from '../config/env.js';
import type { ConsultationStore } from '../models/store/consultations.js';
import type { ProposalStore } from '../models/store/proposals.js';
import type { TriageJob } from '../workers/triage/process.js';
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
}
