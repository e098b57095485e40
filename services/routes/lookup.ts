/** The reads every route starts with: the consultation or the proposal named in the path, or a 404 naming it. */
import type { Consultation, Proposal } from '../../models/schemas.js';
import type { ApiDeps } from '../deps.js';
import { problems } from '../http/problem.js';

export async function requireConsultation(consultations: ApiDeps['consultations'], id: string): Promise<Consultation> {
  const consultation = await consultations.get(id);
  if (!consultation) throw problems.notFound(`consultation ${id}`);
  return consultation;
}

export async function requireProposal(proposals: ApiDeps['proposals'], id: string): Promise<Proposal> {
  const proposal = await proposals.get(id);
  if (!proposal) throw problems.notFound(`proposal ${id}`);
  return proposal;
}
