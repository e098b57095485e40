/** Prometheus metrics of one process. Label sets are bounded: no consultation or proposal ids as labels. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { agreement, isAutomatic, type ProposalFacts } from '../models/ops-stats.js';
import type { Alerts, ProposalStatus, ReasonCode } from '../models/schemas.js';
import type { DecisionRecord } from '../models/store/decision-stream.js';

const TIME_TO_DECISION_BUCKETS = [0.1, 1, 10, 60, 600, 3600, 6 * 3600, 24 * 3600, 72 * 3600];
export const ALERT_SIGNALS = ['rejection_rate', 'triage_queue_age', 'review_queue_age'] as const;

/** What a triage batch reports to the process's metrics (a triage thread forwards it to the main thread). */
export interface TriageReport {
  batchSeconds: number;
  /** one entry per proposal committed */
  triaged: { status: ProposalStatus; reason: ReasonCode | null }[];
}

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

  /** Fed from the decisions streams by one worker process per entry (consumer group "metrics"). */
  readonly decisions = new Counter({
    name: 'triage_decisions_total', help: 'Decisions by author (automatic|human), outcome (accept|reject|undone) and reason',
    labelNames: ['by', 'outcome', 'reason'] as const, registers: [this.registry],
  });
  readonly timeToDecision = new Histogram({
    name: 'triage_time_to_decision_seconds', help: 'From intake to decision, by author (automatic|human)',
    labelNames: ['by'] as const, buckets: TIME_TO_DECISION_BUCKETS, registers: [this.registry],
  });
  readonly suggestionAgreement = new Counter({
    name: 'triage_suggestion_agreement_total', help: 'Human decisions that agreed (or not) with the machine suggestion',
    labelNames: ['agreed'] as const, registers: [this.registry],
  });
  readonly checkVerdicts = new Counter({
    name: 'triage_check_verdicts_total', help: 'Checks against moderators: true_positive, false_positive, false_negative, true_negative',
    labelNames: ['check', 'verdict'] as const, registers: [this.registry],
  });
  readonly webhookAttempts = new Counter({
    name: 'triage_webhook_attempts_total', help: 'Webhook delivery attempts by result (ok|failed)',
    labelNames: ['result'] as const, registers: [this.registry],
  });
  readonly webhookDisabled = new Counter({
    name: 'triage_webhook_endpoints_disabled_total', help: 'Webhook endpoints disabled after consecutive failures',
    registers: [this.registry],
  });
  /** Recomputed every ALERT_INTERVAL_MS by worker processes over every consultation. */
  readonly alertsFiring = new Gauge({
    name: 'triage_alerts_firing', help: 'Consultations whose signal is outside its normal band (docs/OPS.md)',
    labelNames: ['signal'] as const, registers: [this.registry],
  });
  readonly oldestWaitSeconds = new Gauge({
    name: 'triage_queue_oldest_age_seconds', help: 'Age of the oldest proposal waiting, over all consultations',
    labelNames: ['queue'] as const, registers: [this.registry],
  });
  readonly reviewDepth = new Gauge({
    name: 'triage_review_queue_proposals', help: 'Proposals waiting for a moderator (all consultations)',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  recordTriage(report: TriageReport): void {
    for (const { status, reason } of report.triaged) this.triaged.inc({ status, reason: reason ?? 'none' });
    this.triageBatchSeconds.observe(report.batchSeconds);
  }

  /** One entry of a decisions stream, with the proposal's intake time and suggestion. A false negative is
   * counted when a check reported the moderator's reason below the flag score (the /stats window also
   * charges checks that reported nothing; see docs/OPS.md). */
  recordDecision(d: DecisionRecord, facts: ProposalFacts | undefined): void {
    const by = isAutomatic(d) ? 'automatic' : 'human';
    this.decisions.inc({ by, outcome: d.outcome, reason: d.outcome === 'reject' ? (d.reason ?? 'other') : 'none' });
    if (d.outcome !== 'accept' && d.outcome !== 'reject') return;
    if (facts?.createdAtMs != null) this.timeToDecision.observe({ by }, Math.max(0, d.decidedAtMs - facts.createdAtMs) / 1000);
    if (by !== 'human' || !facts?.suggestion) return;
    const agreed = agreement([d], new Map([[d.proposalId, facts]]));
    this.suggestionAgreement.inc({ agreed: agreed.agreed === 1 ? 'true' : 'false' });
    for (const [check, counts] of Object.entries(agreed.byCheck)) {
      for (const [verdict, n] of Object.entries(counts)) if (n > 0) this.checkVerdicts.inc({ check, verdict: snakeCase(verdict) }, n);
    }
  }

  recordAlerts(all: readonly Alerts[], reviewDepth: number): void {
    for (const signal of ALERT_SIGNALS) this.alertsFiring.set({ signal }, all.filter((a) => a.firing.includes(signal)).length);
    const oldest = (pick: (a: Alerts) => number | null) => Math.max(0, ...all.map((a) => pick(a) ?? 0)) / 1000;
    this.oldestWaitSeconds.set({ queue: 'triage' }, oldest((a) => a.triageQueueAge.ageMs));
    this.oldestWaitSeconds.set({ queue: 'review' }, oldest((a) => a.reviewQueueAge.ageMs));
    this.reviewDepth.set(reviewDepth);
  }
}

const snakeCase = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
