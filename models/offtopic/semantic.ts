/**
 * Optional semantic relevance for the off-topic model (issue 5), with the same local embedding model as the
 * duplicate stage (EMBEDDING_MODEL_DIR): the cosine of a proposal's sentence vector to the consultation's
 * question (with its description), and to the centroid of the consultation's accepted proposals. Both are dense
 * features of the logistic model, learnt from moderator decisions like the lexical ones; without a model they
 * are absent and the model is exactly the lexical one.
 *
 * The centroid lives in the model's Redis prefix: `ot:semsum`, one integer sum per dimension of the accepted
 * proposals' int8 vectors (the ones the semantic index stores, `ev` of the proposal hash) and `#n`, added by the
 * learning script when it learns an acceptance (so a redelivered decision adds once, and two workers lose no
 * addition). The scores a proposal got at triage are kept in `ot:sem` (sequence -> "question accepted") so that
 * a decision is learnt from what the model saw.
 */
export interface SemanticScores {
  /** cosine to the question and description */
  question: number;
  /** cosine to the accepted proposals' centroid; null while fewer than MIN_ACCEPTED were accepted */
  accepted: number | null;
}

export const SEMANTIC = { question: 'd:sem_question', accepted: 'd:sem_accepted' } as const;

/** Cold-start weights of the two features, per unit of cosine above CENTRE. Not measured: no real sentence
 * model can be fetched where this was built (docs/off-topic.md); the learner moves them with every decision. */
export const SEMANTIC_PRIOR_WEIGHTS: Readonly<Record<string, number>> = { [SEMANTIC.question]: -3, [SEMANTIC.accepted]: -3 };
/** A centroid of fewer accepted proposals says little about the consultation. */
export const MIN_ACCEPTED = 5;
export const ACCEPTED_COUNT = '#n';

/** The unit centroid of the accepted proposals from `ot:semsum`, or null while too few were accepted. */
export function centroidOf(sums: Record<string, string>): Float32Array | null {
  const n = Number(sums[ACCEPTED_COUNT] ?? 0);
  if (n < MIN_ACCEPTED) return null;
  const dims = Object.keys(sums).filter((k) => k !== ACCEPTED_COUNT).length;
  const v = new Float32Array(dims);
  for (let d = 0; d < dims; d++) v[d] = Number(sums[String(d)] ?? 0);
  const norm = Math.hypot(...v);
  return norm > 0 ? v.map((x) => x / norm) : null;
}

export const formatScores = (s: SemanticScores) => `${s.question.toPrecision(4)} ${s.accepted === null ? '-' : s.accepted.toPrecision(4)}`;

export function parseScores(raw: string | null): SemanticScores | undefined {
  if (!raw) return undefined;
  const [question, accepted] = raw.split(' ');
  return { question: Number(question), accepted: accepted === '-' || accepted === undefined ? null : Number(accepted) };
}
