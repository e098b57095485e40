/**
 * Every Redis key of the service. Keys of one consultation share the hash tag `{cid}`, so they live in one
 * Redis Cluster slot and the Lua scripts that touch several of them stay legal on a cluster.
 */
import type { ProposalStatus } from '../schemas.js';

const tag = (cid: string) => `tr:{${cid}}`;

export const keys = {
  consultation: (cid: string) => `${tag(cid)}:consultation`,
  sequence: (cid: string) => `${tag(cid)}:seq`,
  externalIds: (cid: string) => `${tag(cid)}:ext`,
  proposalPrefix: (cid: string) => `${tag(cid)}:p:`,
  proposal: (cid: string, seq: number | string) => `${tag(cid)}:p:${seq}`,
  /** every proposal of the consultation, score = sequence: the listing order */
  all: (cid: string) => `${tag(cid)}:all`,
  byStatus: (cid: string, status: ProposalStatus) => `${tag(cid)}:status:${status}`,
  /** accepted but not yet decided (outbox), score = intake time: what the sweeper re-enqueues if a job is lost */
  outbox: (cid: string) => `${tag(cid)}:outbox`,
  /** folded-text hash -> first proposal id with that text */
  exactTexts: (cid: string) => `${tag(cid)}:exact`,
  stats: (cid: string) => `${tag(cid)}:stats`,
  latency: (cid: string, by: 'auto' | 'human') => `${tag(cid)}:latency:${by}`,
  /** ordered, resumable feed of decisions (automatic and human) */
  decisions: (cid: string) => `${tag(cid)}:decisions`,
  /** prefix of the off-topic model's keys (models/offtopic/model.ts) */
  offTopicPrefix: (cid: string) => `${tag(cid)}:ot:`,

  consultations: 'tr:consultations',
  apiKey: (hash: string) => `tr:apikey:${hash}`,
  apiKeyIds: 'tr:apikeys',
  rateLimit: (keyId: string, window: number) => `tr:rate:${keyId}:${window}`,
};

export function parseProposalId(id: string): { cid: string; seq: number } | null {
  const at = id.lastIndexOf('~');
  if (at <= 0) return null;
  const seq = Number(id.slice(at + 1));
  if (!Number.isSafeInteger(seq) || seq <= 0) return null;
  return { cid: id.slice(0, at), seq };
}

export const proposalId = (cid: string, seq: number | string) => `${cid}~${seq}`;
