import { Group, GroupId, GroupPage } from '../../models/schemas.js';
import { GroupJoinInput, GroupListQuery, GroupMergeInput, GroupSplitInput } from '../http/shapes.js';
import { parseProposalId } from '../../models/proposal-id.js';
import type { ApiDeps } from '../deps.js';
import { HttpProblem, problems } from '../http/problem.js';
import type { ApiRouter } from '../http/route.js';
import { ConsultationParams } from './consultations.js';
import { requireConsultation } from './lookup.js';

const GroupParams = ConsultationParams.extend({ gid: GroupId });

/** Groups ("ideas"): listed with their size; a moderator merges or splits them. */
export function groupRoutes(api: ApiRouter, { consultations, proposals, groups }: ApiDeps): void {

  api.add({
    method: 'get', path: '/v1/consultations/{id}/groups', tag: 'groups', roles: ['platform', 'moderator', 'ops'],
    summary: 'List the groups of proposals that say the same thing, largest first',
    params: ConsultationParams, query: GroupListQuery, consultationOf: (p) => p.id,
    responses: { 200: { description: 'A page of groups', schema: GroupPage }, 404: { description: 'Unknown consultation' } },
    async handler({ params, query }) {
      await requireConsultation(consultations, params.id);
      return { status: 200, body: await groups.list(params.id, query.offset, query.limit) };
    },
  });

  api.add({
    method: 'get', path: '/v1/consultations/{id}/groups/{gid}', tag: 'groups', roles: ['platform', 'moderator', 'ops'],
    summary: 'Read a group and its member proposals',
    params: GroupParams, consultationOf: (p) => p.id,
    responses: { 200: { description: 'The group', schema: Group }, 404: { description: 'Unknown consultation or group' } },
    async handler({ params }) {
      const members = await groups.members(params.id, params.gid);
      if (members.length === 0) throw problems.notFound(`group ${params.gid} of consultation ${params.id}`);
      return { status: 200, body: { id: params.gid, size: members.length, proposals: members } };
    },
  });

  api.add({
    method: 'post', path: '/v1/consultations/{id}/groups/{gid}/merge', tag: 'groups', roles: ['moderator'],
    summary: 'Merge other groups into this one (their proposals say the same thing)',
    params: GroupParams, body: GroupMergeInput, consultationOf: (p) => p.id,
    responses: { 200: { description: 'The merged group', schema: Group }, 404: { description: 'Unknown consultation or group' } },
    async handler({ params, body }) {
      const merged = await groups.merge(params.id, params.gid, body.groups);
      if (!merged) throw problems.notFound(`group ${params.gid} of consultation ${params.id}`);
      return { status: 200, body: merged };
    },
  });

  api.add({
    method: 'post', path: '/v1/consultations/{id}/groups/join', tag: 'groups', roles: ['moderator'],
    summary: 'Put proposals in one idea: they join the group of the first of them that has one, else a new group',
    params: ConsultationParams, body: GroupJoinInput, consultationOf: (p) => p.id,
    responses: { 200: { description: 'The group they are now in', schema: Group }, 404: { description: 'Unknown consultation' } },
    async handler({ params, body }) {
      await requireConsultation(consultations, params.id);
      return { status: 200, body: await groups.gather(params.id, await existingSeqs(params.id, body.proposals)) };
    },
  });

  api.add({
    method: 'post', path: '/v1/consultations/{id}/groups/split', tag: 'groups', roles: ['moderator'],
    summary: 'Move proposals out of their groups into a new group of their own',
    params: ConsultationParams, body: GroupSplitInput, consultationOf: (p) => p.id,
    responses: { 201: { description: 'The new group', schema: Group }, 404: { description: 'Unknown consultation' } },
    async handler({ params, body }) {
      await requireConsultation(consultations, params.id);
      const seqs = await existingSeqs(params.id, body.proposals);
      return { status: 201, body: await groups.split(params.id, seqs) };
    },
  });

  /** The sequences of proposals of this consultation; any other id is a field error naming it. */
  async function existingSeqs(cid: string, ids: string[]): Promise<number[]> {
    const seqs = ids.map((id) => parseProposalId(id));
    const found = await proposals.exist(cid, seqs.map((s) => s!.seq));
    const errors = ids.flatMap((id, i) => (seqs[i]!.cid !== cid || !found[i]
      ? [{ field: `proposals[${i}]`, message: `${id.slice(0, 120)} is not a proposal of consultation ${cid}` }] : []));
    if (errors.length > 0) throw new HttpProblem(422, 'validation', 'Invalid request', `${errors[0]!.field}: ${errors[0]!.message}`, errors);
    return [...new Set(seqs.map((s) => s!.seq))];
  }
}
