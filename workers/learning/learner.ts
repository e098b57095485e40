/**
 * The learning worker: reads every consultation's decision stream (`tr:{cid}:decisions`) through a Redis
 * consumer group, so each decision is learnt by one worker process, and an entry whose worker died is
 * claimed again by another after IDLE_RECLAIM_MS (the model skips entries already learnt). Each decision
 * updates the consultation's off-topic model (models/store/off-topic-models.ts); after each round the calibration
 * and the automatic-rejection threshold are refitted. Moderator decisions on proposals that went to review also
 * count towards the recalibration of review suggestions (models/store/review-calibration.ts), refitted after
 * each round too.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { background, consultationTerms, features, proposalWords, wordStats } from '../../models/offtopic/features.js';
import { mapYielding } from '../../lib/yielding.js';
import type { Example } from '../../models/store/off-topic-models.js';
import type { TriageStores } from '../../models/store/triage-stores.js';
import { DecisionStreamConsumer, waitForDecisions, type DecisionRecord } from '../../models/store/decision-stream.js';
import { parseProposalId } from '../../models/proposal-id.js';
import type { CalibrationEvent } from '../../models/store/review-calibration.js';
import type { Consultation } from '../../models/schemas.js';
import { SUPPORTED_LANGUAGES } from '../../models/text/languages/registry.js';

export const LEARNING_GROUP = 'off-topic-learning';
const READ_COUNT = 200;
const IDLE_RECLAIM_MS = 30_000;
/** Automatic decisions take no SGD step: they are the model's own guesses, and learning from them taught every
 * leaked off-topic proposal as "on topic" (docs/off-topic.md). They still feed the accepted-word statistics and
 * the calibration pairs. */
export const SYSTEM_WEIGHT = 0;

export interface Label { y: 0 | 1; weight: number; accepted: boolean }

/** What a decision says about topicality. Rejections for another reason (language, toxicity...) say nothing
 * and are skipped; a rejected copy of a proposal is on topic. An "undone" entry (a moderator withdrew a
 * decision) is skipped: an SGD step cannot be taken back exactly, and the decision that replaces it is
 * learnt when it comes. */
export function labelOf(entry: Pick<DecisionRecord, 'decidedBy' | 'appeal'> & { outcome: string; reason: string | null }): Label | null {
  // an upheld refusal repeats the decision already learnt
  if (entry.appeal === 'upheld') return null;
  const weight = entry.decidedBy === 'system' ? SYSTEM_WEIGHT : 1;
  if (entry.outcome === 'accept') return { y: 0, weight, accepted: true };
  if (entry.outcome !== 'reject') return null;
  if (entry.reason === 'off_topic') return { y: 1, weight, accepted: false };
  if (entry.reason === 'duplicate') return { y: 0, weight, accepted: false };
  return null;
}

export type LearnerStores = Pick<TriageStores, 'proposals' | 'consultations' | 'semantic' | 'offTopic' | 'calibrations'>;

export interface LearnerOptions { pollMs: number; consumer: string }

interface Round { learnt: number; read: number; consultations: string[] }

export class DecisionLearner {
  private readonly stream: DecisionStreamConsumer;
  /** A connection of its own for the blocking wait between rounds (a blocked connection serves nothing else). */
  private waker: Redis | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  /** `redis`: the stream consumer's connection, duplicated for the blocking wait between rounds */
  constructor(private readonly redis: Redis, private readonly stores: LearnerStores,
    private readonly opts: LearnerOptions, private readonly log: Logger) {
    // from the start of the stream: a consultation's decisions taken before the first learner started are learnt too
    this.stream = new DecisionStreamConsumer(redis, { group: LEARNING_GROUP, consumer: opts.consumer, from: '0', claimIdleMs: IDLE_RECLAIM_MS, batch: READ_COUNT });
  }

  start(): void {
    // the background word statistics (≈ 0.25 s to build) now rather than inside the first round, where they held
    // the main thread — and /healthz — that long
    for (const language of SUPPORTED_LANGUAGES) background(language);
    this.waker = this.redis.duplicate();
    this.waker.on('error', () => undefined); // the rounds' own connection reports Redis trouble
    this.running = (async () => {
      while (!this.stopped) {
        let round: Round = { learnt: 0, read: 0, consultations: [] };
        try {
          round = await this.round();
        } catch (err) {
          this.log.warn({ err: (err as Error).message }, 'learning round failed');
        }
        // Go straight on while decisions keep coming, otherwise wait for the next one.
        if (round.read === 0 && !this.stopped) await this.waitForDecisions(round.consultations);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.waker?.disconnect(); // ends a wait under way
    await this.running;
  }

  /** One round over every consultation; returns the decisions learnt by the off-topic model. */
  async pollOnce(): Promise<number> {
    return (await this.round()).learnt;
  }

  private async round(): Promise<Round> {
    const round: Round = { learnt: 0, read: 0, consultations: [] };
    for (const cid of await this.stores.consultations.ids()) {
      round.consultations.push(cid);
      const entries = [...await this.stream.claimStale(cid), ...await this.stream.readNew(cid)];
      if (entries.length === 0) continue;
      round.read += entries.length;
      const consultation = await this.stores.consultations.get(cid);
      const learnt = consultation ? await this.learn(consultation, entries) : 0;
      const counted = await this.stores.calibrations.count(cid, await this.calibrationEvents(cid, entries));
      await this.stream.ack(cid, entries);
      await this.forgetDelivered(cid);
      if (consultation && learnt > 0) await this.stores.offTopic.recalibrate(cid, consultation.policy);
      if (counted > 0) await this.stores.calibrations.refit(cid);
      round.learnt += learnt;
    }
    return round;
  }

  /** The idempotency records of entries the group will not deliver again are dropped: without this they grew by
   * one per decision for ever (~50 bytes per proposal). An entry still pending (a worker died holding it) keeps
   * its record until it is acknowledged, so a redelivered entry is still learnt and counted once. */
  private async forgetDelivered(cid: string): Promise<void> {
    const floor = await this.stream.floor(cid);
    if (floor === null) return;
    await Promise.all([this.stores.offTopic.forgetLearntBefore(cid, floor), this.stores.calibrations.forgetCountedBefore(cid, floor)]);
  }

  /** Waits until a decision is appended to one of the streams, at most pollMs. A learner that slept a fixed
   * pollMs between rounds let the next proposals be triaged before the decisions just taken were learnt (one
   * more off-topic proposal of vff-stream auto-accepted in 2 runs of 3, docs/QUALITY.md); woken by the stream
   * itself it learns within a round trip. An entry appended between the last read and this call is only seen
   * after pollMs: the wait is never longer than the old fixed sleep. */
  private async waitForDecisions(consultations: string[]): Promise<void> {
    const woken = this.waker !== null && await waitForDecisions(this.waker, consultations, this.opts.pollMs);
    // no consultation yet, or Redis unreachable: a plain pause, so that a failing round is not retried in a spin
    if (!woken && !this.stopped) await new Promise((resolve) => setTimeout(resolve, this.opts.pollMs));
  }

  /** What a round tells the suggestion's recalibration: a moderator's decision on a proposal that went to review
   * with a recalibrated suggestion (the raw P(accept) it stores is paired with the decision), or the withdrawal
   * of one. Automatic decisions and proposals decided before triage say nothing about review suggestions. */
  private async calibrationEvents(cid: string, entries: DecisionRecord[]): Promise<CalibrationEvent[]> {
    const human = entries.flatMap((entry) => {
      const seq = parseProposalId(entry.proposalId)?.seq;
      return seq !== undefined && entry.decidedBy !== 'system' && entry.decidedBy !== '' ? [{ entry, seq }] : [];
    });
    const decided = human.filter(({ entry }) => entry.outcome === 'accept' || entry.outcome === 'reject');
    const suggestions = await this.stores.proposals.suggestions(cid, decided.map(({ seq }) => seq));
    const byEntry = new Map(decided.map(({ entry }, i) => [entry.id, suggestions[i]]));
    return human.flatMap(({ entry, seq }): CalibrationEvent[] => {
      if (entry.outcome === 'undone' || entry.outcome === 'withdrawn') return [{ entryId: entry.id, seq, kind: 'undone' }];
      const calibration = byEntry.get(entry.id)?.calibration;
      if (!calibration) return [];
      return [{ entryId: entry.id, seq, kind: 'decision', rawAcceptProbability: calibration.rawAcceptProbability, group: calibration.group, accepted: entry.outcome === 'accept' }];
    });
  }

  /** Learns a round of decisions with a few round trips: texts, triage scores and word statistics are read
   * for the whole round (statistics as they were at its start), then every step is sent in one pipeline. */
  private async learn(consultation: Consultation, entries: DecisionRecord[]): Promise<number> {
    const cid = consultation.id;
    const labelled = entries.flatMap((entry) => {
      const label = labelOf(entry);
      const seq = parseProposalId(entry.proposalId)?.seq;
      return label && seq !== undefined ? [{ entry, label, seq }] : [];
    });
    if (labelled.length === 0) return 0;
    const seqs = labelled.map((l) => l.seq);
    const [texts, triageZs, semantics] = await Promise.all([
      this.stores.proposals.texts(cid, seqs),
      this.stores.offTopic.triageScores(cid, seqs),
      this.stores.offTopic.triageSemantic(cid, seqs),
    ]);
    // with an embedding model (the round's proposals were scored semantically), an accepted proposal's sentence
    // vector (stored by the semantic index) joins the accepted centroid
    const acceptedSeqs = semantics.some((s) => s !== undefined) ? labelled.filter((l) => l.label.accepted).map((l) => l.seq) : [];
    const stored = await this.stores.semantic.storedVectors(cid, acceptedSeqs);
    const vectorOf = new Map(acceptedSeqs.map((seq, i) => [seq, stored[i]]));
    const vectors = labelled.map(({ seq }) => vectorOf.get(seq));
    // A round may hold 200 texts of up to 5,000 characters, read on the main thread of a worker process (beside
    // HTTP): each text's words and features are computed in slices that give the event loop a turn.
    const words = await mapYielding(texts, (text) => proposalWords(text ?? '', consultation.language));
    const counts = await this.stores.offTopic.wordCounts(cid, [...new Set(words.flatMap((w) => w.words.map((x) => x.stem)))]);
    const terms = consultationTerms(consultation);
    const examples: Example[] = (await mapYielding(labelled, ({ entry, label }, i): Example[] => {
      const text = texts[i];
      if (text == null) return [];
      const own = words[i]!;
      const triageZ = triageZs[i];
      const semantic = semantics[i];
      const vector = vectors[i];
      return [{
        entryId: entry.id, stems: own.words.map((w) => w.stem), ...label, text,
        features: features(own, terms, wordStats(own.words, counts.seen, counts.accepted, consultation.language), semantic ? { semantic } : {}),
        ...(triageZ !== undefined ? { triageZ } : {}),
        ...(vector ? { vector: Array.from(new Int8Array(vector.buffer, vector.byteOffset, vector.length)).join(',') } : {}),
      }];
    })).flat();
    return (await this.stores.offTopic.learnMany(cid, examples)).filter((r) => r !== null).length;
  }
}
