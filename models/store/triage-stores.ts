/** The stores triage and learning use, made once per Redis connection by the composition root (app/) and
 * injected into the triage worker, the enrichers and the learner. */
import type { Redis } from 'ioredis';
import { ConsultationStore } from './consultations.js';
import { GroupStore } from './groups.js';
import { OffTopicModels } from './off-topic-models.js';
import { ProposalStore } from './proposals.js';
import { SemanticIndex } from './semantic-index.js';
import { SimilarityIndex } from './similarity-index.js';
import { SuggestionCalibrations } from './review-calibration.js';

export interface TriageStores {
  proposals: ProposalStore;
  consultations: ConsultationStore;
  /** the lexical similarity index (near copies, same idea) */
  similarity: SimilarityIndex;
  /** the semantic index (with an embedding model) */
  semantic: SemanticIndex;
  groups: GroupStore;
  offTopic: OffTopicModels;
  calibrations: SuggestionCalibrations;
}

export function triageStores(redis: Redis): TriageStores {
  return {
    proposals: new ProposalStore(redis), consultations: new ConsultationStore(redis),
    similarity: new SimilarityIndex(redis), semantic: new SemanticIndex(redis), groups: new GroupStore(redis),
    offTopic: new OffTopicModels(redis), calibrations: new SuggestionCalibrations(redis),
  };
}
