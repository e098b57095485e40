/** Prometheus metrics of one process. Label sets are bounded: no consultation or proposal ids as labels. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ProposalStatus, ReasonCode } from '../models/schemas.js';

export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Histogram({
    name: 'triage_http_request_duration_seconds', help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'] as const, buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly proposalsReceived = new Counter({
    name: 'triage_proposals_received_total', help: 'Proposals accepted for triage (new ones, not idempotent retries)',
    registers: [this.registry],
  });
  readonly triaged = new Counter({
    name: 'triage_proposals_triaged_total', help: 'Proposals triaged, by resulting status and automatic reason',
    labelNames: ['status', 'reason'] as const, registers: [this.registry],
  });
  readonly humanDecisions = new Counter({
    name: 'triage_human_decisions_total', help: 'Moderator decisions by outcome and reason',
    labelNames: ['outcome', 'reason'] as const, registers: [this.registry],
  });
  readonly triageBatchSeconds = new Histogram({
    name: 'triage_batch_duration_seconds', help: 'Time to triage one job (a batch of proposals)',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5], registers: [this.registry],
  });
  readonly backlog = new Gauge({
    name: 'triage_backlog_proposals', help: 'Proposals accepted and not yet triaged (all consultations)',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  recordTriage(status: ProposalStatus, reason: ReasonCode | null): void {
    this.triaged.inc({ status, reason: reason ?? 'none' });
  }
}
