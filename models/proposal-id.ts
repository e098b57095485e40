/** Proposal ids are `<consultationId>~<sequence>`: the consultation is readable from the id, so a read needs
 * no global index and a scope check no look-up. */
export function parseProposalId(id: string): { cid: string; seq: number } | null {
  const at = id.lastIndexOf('~');
  if (at <= 0) return null;
  const seq = Number(id.slice(at + 1));
  if (!Number.isSafeInteger(seq) || seq <= 0) return null;
  return { cid: id.slice(0, at), seq };
}

export const proposalId = (cid: string, seq: number | string) => `${cid}~${seq}`;
