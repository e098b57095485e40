/**
 * Every Redis key of the service. Keys of one consultation share the hash tag `{cid}`, so they live in one
 * Redis Cluster slot and the Lua scripts that touch several of them stay legal on a cluster.
 */
import type { ProposalStatus } from '../schemas.js';

const tag = (cid: string) => `tr:{${cid}}`;

export const keys = {
  /** the prefix every key of the consultation starts with (Lua scripts derive keys from it) */
  base: (cid: string) => `${tag(cid)}:`,
  consultation: (cid: string) => `${tag(cid)}:consultation`,
  sequence: (cid: string) => `${tag(cid)}:seq`,
  /** externalId -> sequence as stored before the pages `x<level>.<page>` (models/store/pages.ts): still read */
  externalIds: (cid: string) => `${tag(cid)}:ext`,
  proposalPrefix: (cid: string) => `${tag(cid)}:p:`,
  proposal: (cid: string, seq: number | string) => `${tag(cid)}:p:${seq}`,
  /** every proposal of the consultation, score = sequence: the listing order */
  all: (cid: string) => `${tag(cid)}:all`,
  /** the set of a status; for the final statuses (models/store/pages.ts), the set of before, the statuses being
   * filed in pages of 128 sequences (`status:<status>:<page>`, built by the Lua of pages.ts) counted in statusCounts */
  byStatus: (cid: string, status: ProposalStatus) => `${tag(cid)}:status:${status}`,
  /** paged status -> proposals in its pages */
  statusCounts: (cid: string) => `${tag(cid)}:statusn`,
  /** accepted but not yet decided (outbox), score = intake time: what the sweeper re-enqueues if a job is lost */
  outbox: (cid: string) => `${tag(cid)}:outbox`,
  /** accepted proposals not yet registered for duplicate detection, score = sequence (see ProposalStore.awaitEarlierRegistrations) */
  unregistered: (cid: string) => `${tag(cid)}:unreg`,
  /** folded-text hash -> first proposal sequence with that text, as stored before the pages `e<level>.<page>`
   * (models/store/pages.ts): still read */
  exactTexts: (cid: string) => `${tag(cid)}:exact`,
  /** MinHash-LSH buckets of one band whose id starts with `page` (a hash: rest of the bucket id -> packed 4-byte
   * sequences of the proposals in it). Paging keeps hashes small (listpack-encoded) instead of one key each;
   * the page count grows with the consultation (LSH_LEVELS in models/similarity/index.ts). */
  lshPage: (cid: string, band: number, page: string) => `${tag(cid)}:l${band}${page}`,
  /** stemmed content word -> packed 4-byte sequences of the proposals using it (topical index) */
  termPostings: (cid: string, term: string) => `${tag(cid)}:w:${term}`,
  /** terms whose postings are short, filed together by a hash of the term (a hash: term -> packed sequences);
   * past TERM_PAGED_BYTES a term moves to its own termPostings key (models/similarity/scripts.ts) */
  termPage: (cid: string, page: number) => `${tag(cid)}:wp${page}`,
  /** semantic index: bucket of one band of the embedding's random-hyperplane signature -> packed sequences */
  vectorBucket: (cid: string, band: number, bucket: number) => `${tag(cid)}:v${band}:${bucket}`,
  /** how many proposals the semantic index holds */
  vectorCount: (cid: string) => `${tag(cid)}:vecn`,
  /** how many proposals the similarity index holds (the N of the term weights) */
  similarityCount: (cid: string) => `${tag(cid)}:simn`,
  /** groups ("ideas") of 2+ proposals: group id -> size */
  groups: (cid: string) => `${tag(cid)}:groups`,
  /** members (sequences) of one group */
  group: (cid: string, gid: number | string) => `${tag(cid)}:g:${gid}`,
  groupSequence: (cid: string) => `${tag(cid)}:gseq`,
  stats: (cid: string) => `${tag(cid)}:stats`,
  latency: (cid: string, by: 'auto' | 'human') => `${tag(cid)}:latency:${by}`,
  /** ordered, resumable feed of decisions (automatic and human) */
  decisions: (cid: string) => `${tag(cid)}:decisions`,
  /** webhook endpoint of the consultation (hash: url, enabled, secrets, failures...) */
  webhook: (cid: string) => `${tag(cid)}:webhook`,
  /** the last webhook delivery attempts, newest first */
  webhookDeliveries: (cid: string) => `${tag(cid)}:webhook:deliveries`,
  /** bumped when a proposal in review is assigned or tagged: part of the queue's change token (ReviewStore.changeToken) */
  queueVersion: (cid: string) => `${tag(cid)}:qv`,
  /** moderator id -> the seq of the one proposal they hold a review lease on (lease fields lo/le live in the proposal hash) */
  leaseHolders: (cid: string) => `${tag(cid)}:holders`,
  /** assignments and tag changes of proposals in review (who, when, what), read with the decisions stream as the
   * audit log and trimmed with it */
  workspaceLog: (cid: string) => `${tag(cid)}:wlog`,
  /** decisions-stream entry id -> the moderator's note on that decision (the audit log joins it) */
  decisionNotes: (cid: string) => `${tag(cid)}:notes`,
  /** prefix of the off-topic model's keys (models/store/off-topic-models.ts) */
  offTopicPrefix: (cid: string) => `${tag(cid)}:ot:`,
  /** prefix of the recalibration of review suggestions (models/store/review-calibration.ts) */
  suggestionCalibrationPrefix: (cid: string) => `${tag(cid)}:sc:`,
  /** after the decision (models/store/reports.ts, appeals.ts, erasure.ts): reporter id -> report JSON, one hash
   * per reported proposal; reported proposals (seq, score = last report ms); a reporter's reports in the minute
   * that started with their first one (rate limit, expires after that minute) */
  reports: (cid: string, seq: number | string) => `${tag(cid)}:rp:${seq}`,
  reported: (cid: string) => `${tag(cid)}:reported`,
  reporterRate: (cid: string, reporterId: string) => `${tag(cid)}:rr:${reporterId}`,
  /** appeals: seq -> appeal JSON; the pending ones (seq, score = ms received); counters per reason and check */
  appeals: (cid: string) => `${tag(cid)}:ap`,
  appealQueue: (cid: string) => `${tag(cid)}:apq`,
  appealStats: (cid: string) => `${tag(cid)}:aps`,
  /** sequences of erased proposals (tombstones: the id answers 410); every sequence up to `erasedUpTo` was
   * erased at once (retention, consultation deleted) */
  erased: (cid: string) => `${tag(cid)}:erased`,
  erasedUpTo: (cid: string) => `${tag(cid)}:erasedupto`,
  /** author id -> packed sequences of their proposals (erasure by author) */
  authorProposals: (cid: string) => `${tag(cid)}:authors`,

  consultations: 'tr:consultations',
  /** consultations that have a webhook endpoint */
  webhooks: 'tr:webhooks',
  apiKey: (hash: string) => `tr:apikey:${hash}`,
  apiKeyIds: 'tr:apikeys',
  rateLimit: (keyId: string, window: number) => `tr:rate:${keyId}:${window}`,
  /** a lock one process holds for a while (models/store/locks.ts) */
  lock: (name: string) => `tr:${name}:lock`,
  /** browser session, by SHA-256 of the cookie value */
  session: (hash: string) => `tr:session:${hash}`,
  /** the sessions signed in with one key (by SHA-256 of its token), scored by creation time: a sorted set */
  sessionsOfKey: (keyHash: string) => `tr:sessions-of:${keyHash}`,
};
