/** One triage job: a batch of proposals of one consultation, claimed, enriched, checked and committed. */
import { UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { message } from '../../models/checks/messages.js';
import { CHECKS, enrich, prepareInput, triage } from '../../models/pipeline.js';
import { DEFAULT_LANGUAGE } from '../../models/text/languages/registry.js';
import type { Embedder } from '../../models/similarity/embedder.js';
import type { TriageCommit } from '../../models/store/proposals.js';
import type { TriageStores } from '../../models/store/triage-stores.js';
import type { TriageReport } from '../../lib/metrics.js';
import { mapYielding } from '../../lib/yielding.js';
import type { TriageJob } from '../queues.js';

/** How long a job waits for the earlier proposals being triaged beside it to be registered (duplicates). */
const REGISTRATION_WAIT_MS = 1000;

/** The stores (made once by the composition root) and what the worker reports to. */
export interface TriageDeps extends TriageStores {
  report: (report: TriageReport) => void;
  /** how long one proposal's checks may take before it goes to review unfinished (TRIAGE_PROPOSAL_BUDGET_MS);
   * none: no limit */
  proposalBudgetMs?: number;
  embedder?: Embedder;
}

export async function processTriage(job: TriageJob, deps: TriageDeps, log: Logger): Promise<{ committed: number }> {
  const started = process.hrtime.bigint();
  const consultation = await deps.consultations.get(job.cid);
  if (!consultation) throw new UnrecoverableError(`consultation ${job.cid} does not exist`);
  // queued before intake refused the language: a moderator reads them, no check runs resources it does not have
  // (in English, the fallback of the reason catalogue for a language it lacks)
  if (consultation.unsupportedLanguage !== undefined) {
    const detail = `not triaged: the consultation's language ('${consultation.unsupportedLanguage}') is no longer supported; to examine`;
    return { committed: await sendToReview(job, detail, deps) };
  }
  const claimed = await deps.proposals.claimForTriage(job.cid, job.seqs);
  const inputs = await mapYielding(claimed, (c) => prepareInput(c, consultation));
  // duplicate detection registers in intake order across concurrent jobs (ProposalStore.awaitEarlierRegistrations)
  const seqs = claimed.map((c) => c.seq);
  if (seqs.length > 0) await deps.proposals.awaitEarlierRegistrations(job.cid, Math.min(...seqs), REGISTRATION_WAIT_MS);
  let marked: Promise<void> | undefined;
  const registered = () => marked ??= deps.proposals.markRegistered(job.cid, seqs);
  await enrich(inputs, { stores: deps, log, registered, ...(deps.embedder ? { embedder: deps.embedder } : {}) });
  await registered(); // when no enricher registered anything (texts empty once folded)
  const commits: TriageCommit[] = await mapYielding(inputs, (input, i) => {
    const result = triage(input, CHECKS, deps.proposalBudgetMs);
    return { seq: claimed[i]!.seq, status: result.status, suggestion: result.suggestion, similar: result.similar, automatic: result.automatic };
  });
  const committed = await deps.proposals.commitTriage(job.cid, commits);
  const done = new Set(committed);
  deps.report({
    batchSeconds: Number(process.hrtime.bigint() - started) / 1e9,
    triaged: commits.filter((c) => done.has(c.seq)).map((c) => ({ status: c.status, reason: c.automatic?.reason ?? null })),
  });
  log.debug({ claimed: claimed.length, committed: committed.length }, 'triage batch done');
  return { committed: committed.length };
}

/** A job out of attempts still reaches a human: its proposals go to review, saying triage failed. */
export async function sendToReviewAfterFailure(job: TriageJob, reason: string, deps: TriageDeps): Promise<void> {
  // in the consultation's language when it can still be read (the failure may be Redis's own)
  const language = await deps.consultations.get(job.cid).then((c) => c?.language ?? DEFAULT_LANGUAGE, () => DEFAULT_LANGUAGE);
  await sendToReview(job, message(language, 'triage.failed', { reason: reason.slice(0, 200) }), deps);
}

/** The job's proposals go to review untriaged, `detail` saying why; answers how many were committed. */
async function sendToReview(job: TriageJob, detail: string, deps: TriageDeps): Promise<number> {
  const claimed = await deps.proposals.claimForTriage(job.cid, job.seqs);
  const committed = await deps.proposals.commitTriage(job.cid, claimed.map((c) => ({
    seq: c.seq,
    status: 'pending_review',
    suggestion: {
      outcome: 'accept', confidence: 0.5,
      reasons: [{ code: 'other', score: 0.5, detail }],
    },
    similar: [],
    automatic: null,
  })));
  return committed.length;
}
