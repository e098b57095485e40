import type { CheckInput, OffTopicEvidence } from '../checks/types.js';
import { calibrate } from '../offtopic/calibration.js';
import { consultationTerms, featureNames, proposalWords, scoreOf, sparseFeatures, wordStats } from '../offtopic/features.js';
import { parseProposalId } from '../proposal-id.js';
import type { Exemplar } from '../store/off-topic-models.js';
import { cosine, type Embedder } from '../similarity/embedder.js';
import { SEMANTIC, type SemanticScores } from '../offtopic/semantic.js';
import type { Consultation } from '../schemas.js';
import type { Enricher } from './types.js';

export const MODEL_ID = 'off_topic';
export const versionLabel = (version: number) => `lr@${version}`;

/** Word overlap (Jaccard on stems) from which an off-topic exemplar is worth showing to a moderator. */
const SHOW_EXEMPLAR_AT = 0.2;

/** Scores every proposal of the batch with the consultation's current off-topic model, read once per batch. */
export const offTopicEnricher: Enricher = {
  id: MODEL_ID,
  onlyFor: ['off_topic'],
  reads: ['sentenceVector'],
  provides: ['offTopic'],
  async enrich(batch, { stores, embedder }) {
    const consultation = batch[0]!.consultation;
    if (consultation.policy.checks[MODEL_ID]?.enabled === false) return;
    const terms = consultationTerms(consultation);
    const texts = batch.map((b) => proposalWords(b.proposal.normalized, consultation.language));
    const sparse = texts.map((t) => sparseFeatures(t.words, t.stopWords));
    // the sentence vectors the semantic stage computed, when a model is configured
    const vectors = batch.map((b) => b.evidence.sentenceVector);
    const question = embedder && vectors.some((v) => v) ? await questionVector(consultation, embedder) : null;
    const names = new Set<string>(question ? Object.values(SEMANTIC) : []);
    for (const s of sparse) for (const name of featureNames(s)) names.add(name);
    const models = stores.offTopic;
    const view = await models.readForBatch(consultation.id, texts.map((t) => t.words.map((w) => w.stem)), [...names], question !== null);
    const scored = batch.map((_, i) => {
      const text = texts[i]!;
      const vector = vectors[i];
      const semantic = vector && question ? { question: cosine(vector, question), accepted: view.centroid ? cosine(vector, view.centroid) : null } : undefined;
      const z = scoreOf(view.weights, text, terms, wordStats(text.words, view.seen, view.accepted, consultation.language), { sparse: sparse[i], ...(semantic ? { semantic } : {}) });
      return { z, semantic };
    });
    const reviewAt = view.reviewAt ?? await models.standInReviewPoint(consultation.id, consultation.policy, scored.map((s) => s.z), view.platt);
    const scores: { seq: number; z: number; semantic?: SemanticScores }[] = [];
    batch.forEach((input, i) => {
      const own = texts[i]!.words;
      const { z, semantic } = scored[i]!;
      const evidence: OffTopicEvidence = {
        probability: calibrate(z, view.platt),
        questionWords: own.filter((w) => terms.question.has(w.stem)).map((w) => w.word),
        nearestOffTopic: nearest(new Set(own.map((w) => w.stem)), view.exemplars),
        autoRejectAt: view.autoRejectAt,
        reviewAt,
        ...(semantic ? { semantic } : {}),
      };
      record(input, evidence, versionLabel(view.version));
      const seq = parseProposalId(input.proposal.id)?.seq;
      if (seq !== undefined) scores.push({ seq, z, ...(semantic ? { semantic } : {}) });
    });
    await models.recordTriageScores(consultation.id, scores);
  },
};

/** The question's (and description's) sentence vector, per consultation version: embedded once per process. */
const QUESTIONS_KEPT = 1000;
const questions = new Map<string, Promise<Float32Array>>();

function questionVector(c: Consultation, embedder: Embedder): Promise<Float32Array> {
  const key = `${c.id}@${c.version}@${embedder.version}`;
  let vector = questions.get(key);
  if (!vector) {
    if (questions.size >= QUESTIONS_KEPT) questions.clear();
    vector = embedder.embed([[c.question, c.description ?? ''].join(' ').trim()]).then(([v]) => v!);
    questions.set(key, vector);
    vector.catch(() => questions.delete(key)); // a failed embedding is tried again by the next batch
  }
  return vector;
}

function record(input: CheckInput, evidence: OffTopicEvidence, version: string): void {
  input.evidence.offTopic = evidence;
  input.evidence.modelVersions[MODEL_ID] = version;
}

function nearest(stems: Set<string>, exemplars: Exemplar[]): OffTopicEvidence['nearestOffTopic'] {
  let best: OffTopicEvidence['nearestOffTopic'] = null;
  for (const e of exemplars) {
    const shared = e.stems.filter((s) => stems.has(s)).length;
    const similarity = shared / (stems.size + e.stems.length - shared || 1);
    if (similarity >= SHOW_EXEMPLAR_AT && similarity > (best?.similarity ?? 0)) best = { text: e.text, similarity };
  }
  return best;
}
