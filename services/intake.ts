/**
 * Intake with group commit: every request that arrives within one turn of the event loop joins a group;
 * the group is written with one Lua script per consultation and enqueued with one addBulk. Under load this
 * turns fifty concurrent single-proposal requests into two Redis round trips instead of a hundred, which is
 * how validation + auth + idempotency can still beat a bare endpoint that awaits one BullMQ add.
 */
import type { Logger } from 'pino';
import type { IntakeItem, ProposalInput } from '../models/schemas.js';
import type { ConsultationStore } from '../models/store/consultations.js';
import type { ProposalStore } from '../models/store/proposals.js';
import { problems } from './http/problem.js';
import type { Metrics } from '../lib/metrics.js';

/** Queues a group of triage jobs of one consultation (job id = the intake's, so a retried intake adds nothing);
 * app/runtime.ts builds it over the triage queue. */
export type EnqueueTriage = (cid: string, jobs: readonly { jobId: string; seqs: number[] }[]) => Promise<void>;

interface Waiting {
  cid: string;
  proposals: ProposalInput[];
  resolve: (items: IntakeItem[]) => void;
  reject: (err: unknown) => void;
}

export interface IntakeOptions { chunk: number; maxGroup: number; maxBacklog: number }

export class IntakeService {
  private group: Waiting[] = [];
  private groupSize = 0;
  private scheduled = false;
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly store: ProposalStore,
    private readonly enqueue: EnqueueTriage,
    private readonly backlog: BacklogMonitor,
    private readonly metrics: Metrics,
    private readonly opts: IntakeOptions,
    private readonly log: Logger,
  ) {}

  submit(cid: string, proposals: ProposalInput[]): Promise<IntakeItem[]> {
    if (this.backlog.current > this.opts.maxBacklog) {
      throw problems.overloaded(5, `triage backlog is ${this.backlog.current} proposals (limit ${this.opts.maxBacklog}); retry later`);
    }
    return new Promise((resolve, reject) => {
      this.group.push({ cid, proposals, resolve, reject });
      this.groupSize += proposals.length;
      if (this.groupSize >= this.opts.maxGroup) this.flushNow();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flushNow());
      }
    });
  }

  private flushNow(): void {
    this.scheduled = false;
    if (this.group.length === 0) return;
    const group = this.group;
    this.group = [];
    this.groupSize = 0;
    const done = this.write(group).finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  private async write(group: Waiting[]): Promise<void> {
    const byConsultation = new Map<string, Waiting[]>();
    for (const w of group) byConsultation.set(w.cid, [...(byConsultation.get(w.cid) ?? []), w]);
    await Promise.all([...byConsultation].map(async ([cid, waiting]) => {
      try {
        const all = waiting.flatMap((w) => w.proposals);
        const { items, jobs } = await this.store.intake(cid, all, this.opts.chunk);
        if (jobs.length > 0) {
          await this.enqueue(cid, jobs);
          this.metrics.proposalsReceived.inc(jobs.reduce((n, j) => n + j.seqs.length, 0));
        }
        let at = 0;
        for (const w of waiting) {
          w.resolve(items.slice(at, at + w.proposals.length));
          at += w.proposals.length;
        }
      } catch (err) {
        // Stored proposals whose enqueue failed stay in the outbox: the sweeper enqueues them again, and a
        // retry of the request returns the same ids.
        this.log.error({ consultationId: cid, err: (err as Error).message }, 'intake write failed');
        for (const w of waiting) w.reject(problems.storageUnavailable());
      }
    }));
  }

  /** Waits for the writes under way (graceful shutdown). */
  async drain(): Promise<void> {
    this.flushNow();
    await Promise.all([...this.inFlight]);
  }
}

/** Knows, to within a second, how many proposals wait for triage across all consultations. */
export class BacklogMonitor {
  current = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly proposals: ProposalStore, private readonly consultations: ConsultationStore, private readonly metrics: Metrics) {}

  async refresh(): Promise<number> {
    const ids = await this.consultations.ids();
    // one command per consultation, not one pipeline: on a Redis Cluster each lives in its own slot
    const counts = await Promise.all(ids.map((cid) => this.proposals.outboxSize(cid)));
    this.current = counts.reduce((n, c) => n + c, 0);
    this.metrics.backlog.set(this.current);
    return this.current;
  }

  start(intervalMs = 1000): void {
    this.timer = setInterval(() => { this.refresh().catch(() => undefined); }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
