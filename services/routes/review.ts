/**
 * The moderator workspace API: next item with a lease, lease renewal and release, the queue with filters and
 * counts, bulk decisions, undo, and the audit log (JSON pages and CSV export).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from '../../models/zod.js';
import {
  AuditEntry, AuditPage, BulkDecisionInput, BulkDecisionResult, Lease, Proposal, ReviewItem, ReviewQueuePage,
} from '../../models/schemas.js';
import {
  AssignInput, AuditQuery, LeaseInput, NextInput, NextResult, QueueChanges, QueueChangesQuery, ReopenInput, ReviewQueueQuery, TagsInput, WorkspaceFields,
} from '../http/shapes.js';
import { defuseFormula } from '../../models/csv.js';
import { parseProposalId } from '../../models/proposal-id.js';
import type { WorkspaceFieldsResult } from '../../models/store/review.js';
import type { ApiDeps } from '../deps.js';
import { HttpProblem, problems } from '../http/problem.js';
import type { ApiRouter } from '../http/route.js';
import { ConsultationParams } from './consultations.js';
import { requireConsultation, requireProposal } from './lookup.js';
import { ProposalParams, consultationOfProposal, humanDecision } from './proposals.js';

const CSV_PAGE = 1000;
/** A long poll of the queue's changes looks again this often. */
const CHANGES_POLL_MS = 250;
const AUTHOR_ITEMS = 20;

const AuthorHistory = z.object({
  authorId: z.string().nullable().openapi({ description: 'null when the platform sent no authorId with the proposal' }),
  total: z.number().int().openapi({ description: 'the author\'s other proposals in the consultation' }),
  rejected: z.number().int().openapi({ description: 'how many of them were refused (among the latest 200)' }),
  items: z.array(Proposal).openapi({ description: 'the latest 20, newest first' }),
}).openapi('AuthorHistory');

export function reviewRoutes(api: ApiRouter, { env, proposals, consultations, metrics, review, auth, shutdown }: ApiDeps): void {
  const leaseMs = (seconds: number | undefined) => (seconds ?? env.REVIEW_LEASE_S) * 1000;

  api.add({
    method: 'get', path: '/v1/consultations/{id}/review/queue', tag: 'moderation', roles: ['moderator', 'ops'],
    summary: 'The proposals waiting for review, oldest first, filtered by reason, suggestion, confidence and age, with counts per reason',
    params: ConsultationParams, query: ReviewQueueQuery, consultationOf: (p) => p.id,
    responses: { 200: { description: 'A page; follow nextCursor until null', schema: ReviewQueuePage }, 404: { description: 'Unknown consultation' } },
    async handler({ params, query }) {
      await requireConsultation(consultations, params.id);
      const { cursor, limit, ...filters } = query;
      return { status: 200, body: await review.queue(params.id, filters, { ...(cursor ? { cursor: Number(cursor) } : {}), limit }) };
    },
  });

  api.add({
    method: 'get', path: '/v1/consultations/{id}/review/changes', tag: 'moderation', roles: ['moderator', 'ops'],
    summary: 'Long poll: answers as soon as the queue changes after the token given (new proposals, decisions, undo, assignment, tags), or after waitS seconds; the page then refreshes its counts, history and an empty queue',
    params: ConsultationParams, query: QueueChangesQuery, consultationOf: (p) => p.id,
    responses: { 200: { description: 'The current token, and whether it differs from since', schema: QueueChanges }, 404: { description: 'Unknown consultation' } },
    async handler({ params, query, req }) {
      await requireConsultation(consultations, params.id);
      const deadline = Date.now() + query.waitS * 1000;
      let token = await review.changeToken(params.id);
      // the client gone (page closed, request aborted), nobody waits for the answer any more; the service shutting
      // down answers at once (the page asks again, elsewhere or after the restart)
      while (query.since === token && Date.now() < deadline && !req.socket.destroyed && !shutdown.aborted) {
        // rejects only when the shutdown aborts it: then the loop ends
        await sleep(CHANGES_POLL_MS, undefined, { signal: shutdown }).catch(() => undefined);
        if (!shutdown.aborted) token = await review.changeToken(params.id);
      }
      return { status: 200, body: { token, changed: query.since !== undefined && query.since !== token } };
    },
  });

  api.add({
    method: 'post', path: '/v1/consultations/{id}/review/next', tag: 'moderation', roles: ['moderator'],
    summary: 'Reserve the next proposal to review (a lease only this moderator holds until it expires, is released or decided)',
    params: ConsultationParams, body: NextInput, consultationOf: (p) => p.id,
    responses: { 200: { description: 'The leased proposal, or item null when nothing matching is left', schema: NextResult }, 404: { description: 'Unknown consultation' } },
    async handler({ params, body, principal }) {
      await requireConsultation(consultations, params.id);
      const item = await review.next(params.id, principal.id, {
        filters: body.filters ?? {}, exclude: new Set(body.exclude ?? []), leaseMs: leaseMs(body.leaseSeconds),
      });
      return { status: 200, body: { item } };
    },
  });

  api.add({
    method: 'post', path: '/v1/proposals/{id}/lease', tag: 'moderation', roles: ['moderator'],
    summary: 'Take or renew the lease on a proposal in review (409 when another moderator holds it)',
    params: ProposalParams, body: LeaseInput, consultationOf: consultationOfProposal,
    responses: { 200: { description: 'Leased', schema: Lease }, 404: { description: 'Unknown proposal' }, 409: { description: 'Held by another moderator, or no longer in review' } },
    async handler({ params, body, principal }) {
      const result = await review.lease(params.id, principal.id, leaseMs(body.leaseSeconds));
      switch (result.kind) {
        case 'ok': return { status: 200, body: result.lease };
        case 'leased': throw problems.conflict(`proposal ${params.id} is being reviewed by ${result.lease.by} until ${result.lease.expiresAt}`);
        case 'missing': case 'not_in_review': throw outOfReview(params.id, result);
      }
    },
  });

  api.add({
    method: 'get', path: '/v1/proposals/{id}/review', tag: 'moderation', roles: ['moderator', 'ops'],
    summary: 'One proposal as the workspace shows it (who holds it, its assignee, tags, idea, similar proposals with their decisions), wherever it is in the queue',
    params: ProposalParams, consultationOf: consultationOfProposal,
    responses: { 200: { description: 'The proposal with its review fields', schema: ReviewItem }, 404: { description: 'Unknown proposal' } },
    async handler({ params }) {
      const item = await review.item(params.id);
      if (!item) throw problems.notFound(`proposal ${params.id}`);
      return { status: 200, body: item };
    },
  });

  api.add({
    method: 'delete', path: '/v1/proposals/{id}/lease', tag: 'moderation', roles: ['moderator'],
    summary: 'Release this moderator\'s lease (skip the proposal)',
    params: ProposalParams, consultationOf: consultationOfProposal,
    responses: { 204: { description: 'Released (or was not held)' } },
    async handler({ params, principal }) {
      await review.release(params.id, principal.id);
      return { status: 204 };
    },
  });

  api.add({
    method: 'post', path: '/v1/consultations/{id}/review/decisions', tag: 'moderation', roles: ['moderator'],
    summary: 'Decide a selection of proposals at once; each item is decided atomically and reports its own result',
    params: ConsultationParams, body: BulkDecisionInput, consultationOf: (p) => p.id,
    responses: { 200: { description: 'One result per item, in order', schema: BulkDecisionResult }, 404: { description: 'Unknown consultation' } },
    async handler({ params, body, principal }) {
      await requireConsultation(consultations, params.id);
      const foreign = body.items.findIndex((i) => parseProposalId(i.id)?.cid !== params.id);
      if (foreign >= 0) {
        const message = `not a proposal of consultation ${params.id}`;
        throw new HttpProblem(422, 'validation', 'Invalid request', `items[${foreign}].id: ${message}`, [{ field: `items[${foreign}].id`, message }]);
      }
      const results = await Promise.all(body.items.map(async (item) => {
        const r = await proposals.decide(item.id, humanDecision(body, principal.id, item.expectedVersion));
        if (r.kind === 'ok') return { id: item.id, result: 'decided' as const, version: r.version };
        if (r.kind === 'conflict') return { id: item.id, result: 'conflict' as const, version: r.version };
        return { id: item.id, result: r.kind };
      }));
      const decided = results.filter((r) => r.result === 'decided').length;
      metrics.humanDecisions.inc({ outcome: body.outcome, reason: body.reason ?? 'none' }, decided);
      return { status: 200, body: { decided, results } };
    },
  });

  api.add({
    method: 'post', path: '/v1/proposals/{id}/undo', tag: 'moderation', roles: ['moderator'],
    summary: `Take back one's own decision within the undo window: the proposal returns to review, leased to the caller`,
    params: ProposalParams, consultationOf: consultationOfProposal,
    responses: {
      200: { description: 'Back in review', schema: Proposal }, 404: { description: 'Unknown proposal' },
      409: { description: 'Not decided, decided automatically, or the undo window has passed' },
    },
    async handler({ params, principal }) {
      const result = await review.undo(params.id, { id: principal.id, mayUndoOthers: principal.role === 'admin' },
        env.REVIEW_UNDO_WINDOW_MS, leaseMs(undefined));
      switch (result.kind) {
        case 'ok': return { status: 200, body: await proposals.get(params.id) };
        case 'missing': throw problems.notFound(`proposal ${params.id}`);
        case 'not_decided': throw problems.conflict(`proposal ${params.id} is ${result.status}: nothing to undo`);
        case 'automatic': throw problems.conflict(`proposal ${params.id} was decided automatically: only a new decision can change it`);
        case 'not_yours': throw problems.forbidden(`proposal ${params.id} was decided by ${result.decidedBy}: only they can undo it`);
        case 'too_late': throw problems.conflict(`proposal ${params.id} was decided at ${new Date(result.decidedAt).toISOString()}; undo is possible for ${env.REVIEW_UNDO_WINDOW_MS / 1000} s`);
      }
    },
  });

  api.add({
    method: 'post', path: '/v1/proposals/{id}/reopen', tag: 'moderation', roles: ['moderator'],
    summary: 'Re-open a decision after the undo window (any moderator, automatic decisions too): the proposal returns to review, leased to the caller; the audit log keeps who, when and why',
    params: ProposalParams, body: ReopenInput, consultationOf: consultationOfProposal,
    responses: { 200: { description: 'Back in review', schema: Proposal }, 404: { description: 'Unknown proposal' }, 409: { description: 'Not decided' } },
    async handler({ params, body, principal }) {
      const result = await review.reopen(params.id, principal.id, body.note, leaseMs(undefined));
      switch (result.kind) {
        case 'ok': return { status: 200, body: await proposals.get(params.id) };
        case 'missing': throw problems.notFound(`proposal ${params.id}`);
        case 'not_decided': throw problems.conflict(`proposal ${params.id} is ${result.status}: nothing to re-open`);
      }
    },
  });

  /** Assignment and tags change only proposals still in review. */
  const workspaceAnswer = (id: string, result: WorkspaceFieldsResult) => {
    switch (result.kind) {
      case 'ok': return { status: 200 as const, body: { assignedTo: result.assignedTo, tags: result.tags } };
      case 'missing': case 'not_in_review': throw outOfReview(id, result);
    }
  };

  api.add({
    method: 'put', path: '/v1/proposals/{id}/assignee', tag: 'moderation', roles: ['moderator'],
    summary: 'Assign a proposal in review to a moderator of its consultation (or to no one): "next" offers it to no one else, the queue filter assignedTo finds it',
    params: ProposalParams, body: AssignInput, consultationOf: consultationOfProposal,
    responses: { 200: { description: 'Assigned', schema: WorkspaceFields }, 404: { description: 'Unknown proposal' }, 409: { description: 'No longer in review' } },
    async handler({ params, body, principal }) {
      if (body.to) {
        const cid = parseProposalId(params.id)!.cid;
        const key = (await auth.listKeys()).find((k) => k.id === body.to);
        if (!key || key.revokedAt || !['moderator', 'admin'].includes(key.role) || (key.consultations && !key.consultations.includes(cid))) {
          throw problems.invalidField('to', `not a moderator of consultation ${cid}`);
        }
      }
      return workspaceAnswer(params.id, await review.assign(params.id, body.to, principal.id));
    },
  });

  api.add({
    method: 'put', path: '/v1/proposals/{id}/tags', tag: 'moderation', roles: ['moderator'],
    summary: 'Replace the moderators\' tags of a proposal in review (trimmed, the same tag once whatever its case); the queue filter tag finds them',
    params: ProposalParams, body: TagsInput, consultationOf: consultationOfProposal,
    responses: { 200: { description: 'Tagged', schema: WorkspaceFields }, 404: { description: 'Unknown proposal' }, 409: { description: 'No longer in review' } },
    async handler({ params, body, principal }) {
      return workspaceAnswer(params.id, await review.setTags(params.id, body.tags, principal.id));
    },
  });

  api.add({
    method: 'get', path: '/v1/proposals/{id}/author', tag: 'moderation', roles: ['moderator', 'ops'],
    summary: 'The other proposals of the same author (authorId) in the consultation, with their decisions',
    params: ProposalParams, consultationOf: consultationOfProposal,
    responses: { 200: { description: 'The author\'s history', schema: AuthorHistory }, 404: { description: 'Unknown proposal' } },
    async handler({ params }) {
      await requireProposal(proposals, params.id);
      return { status: 200, body: await review.authorHistory(params.id, AUTHOR_ITEMS) };
    },
  });

  api.add({
    method: 'get', path: '/v1/consultations/{id}/audit', tag: 'moderation', roles: ['moderator', 'ops'],
    summary: 'The append-only audit log: every decision (automatic, human, undone) with what the machine suggested',
    params: ConsultationParams, query: AuditQuery, consultationOf: (p) => p.id,
    responses: { 200: { description: 'A page; pass nextCursor as after until null', schema: AuditPage }, 404: { description: 'Unknown consultation' } },
    async handler({ params, query }) {
      await requireConsultation(consultations, params.id);
      const { after, decidedBy, ...rest } = query;
      return { status: 200, body: await review.audit(params.id, { ...rest, ...(after ? { after } : {}), ...(decidedBy ? { decidedBy } : {}) }) };
    },
  });

  api.add({
    method: 'get', path: '/v1/consultations/{id}/audit.csv', tag: 'moderation', roles: ['moderator', 'ops'],
    summary: 'The whole audit log as CSV (UTF-8, comma separated, one decision per line)',
    params: ConsultationParams, consultationOf: (p) => p.id,
    responses: { 200: { description: 'One row per audit entry', contentType: 'text/csv' }, 404: { description: 'Unknown consultation' } },
    async handler({ params }) {
      await requireConsultation(consultations, params.id);
      const lines = [AUDIT_COLUMNS.join(',')];
      let after: string | undefined;
      do {
        const page = await review.audit(params.id, { order: 'asc', limit: CSV_PAGE, ...(after ? { after } : {}) });
        for (const entry of page.items) lines.push(auditCsvLine(entry));
        after = page.nextCursor ?? undefined;
      } while (after);
      return {
        status: 200, body: lines.join('\r\n') + '\r\n', contentType: 'text/csv; charset=utf-8',
        headers: { 'Content-Disposition': `attachment; filename="audit-${params.id}.csv"` },
      };
    },
  });
}

const AUDIT_COLUMNS = ['id', 'decidedAt', 'proposalId', 'externalId', 'outcome', 'reason', 'decidedBy', 'automatic',
  'suggestedOutcome', 'suggestedConfidence', 'suggestedReasons', 'note', 'assignedTo', 'tags'] as const;

function auditCsvLine(e: AuditEntry): string {
  return [e.id, e.decidedAt, e.proposalId, e.externalId, e.outcome, e.reason ?? '', e.decidedBy, String(e.automatic),
    e.suggestion?.outcome ?? '', e.suggestion ? String(e.suggestion.confidence) : '', e.suggestion?.reasons.join(' ') ?? '', e.note ?? '',
    e.assignedTo ?? '', e.tags?.join(', ') ?? '']
    .map(csvCell).join(',');
}

/** RFC 4180 quoting where needed, and a leading quote on cells a spreadsheet could run as a formula (models/csv.ts). */
export function csvCell(value: string): string {
  const safe = defuseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The problem answering a change to a proposal in review when there is no such proposal or it left review. */
function outOfReview(id: string, result: { kind: 'missing' } | { kind: 'not_in_review'; status: string }): HttpProblem {
  return result.kind === 'missing' ? problems.notFound(`proposal ${id}`) : problems.conflict(`proposal ${id} is ${result.status}, not in review`);
}
