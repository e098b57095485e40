/**
 * Enrichers gather, for a whole batch at once, what the pure checks need from outside: Redis look-ups,
 * indexes, models. They may register the batch in shared state (e.g. the duplicate index) so that the
 * first of two concurrent near-copies wins.
 */
import type { Logger } from 'pino';
import type { CheckInput, EvidenceField } from '../checks/types.js';
import type { Embedder } from '../similarity/embedder.js';
import type { TriageStores } from '../store/triage-stores.js';

export interface EnricherDeps {
  /** created once by the composition root (app/) */
  stores: TriageStores;
  log: Logger;
  /** the sentence-embedding model, when one is configured (EMBEDDING_MODEL_DIR) */
  embedder?: Embedder;
  /** called by the enricher that registers the batch for duplicate detection once it is registered, before its
   * verification work: later jobs of the consultation wait for this, not for the whole enrichment */
  registered?: () => Promise<void>;
}

export interface Enricher {
  id: string;
  /** the checks this evidence exists for; when the consultation disables all of them, the enricher is
   * skipped (absent = always runs, e.g. the look-ups that fill the proposal's `similar`) */
  onlyFor?: readonly string[];
  /** the evidence it fills */
  provides: readonly EvidenceField[];
  /** the evidence of earlier enrichers it reads (models/pipeline.ts runs them before) */
  reads?: readonly EvidenceField[];
  /** fills `input.evidence` for every input of the batch (all of one consultation) */
  enrich(batch: CheckInput[], deps: EnricherDeps): Promise<void>;
}
