/** Fixtures of the moderator workspace tests: keys of each role and a consultation whose proposals all wait for review. */
import { URSSAF, waitForTriage, type TestService } from './service.js';

export async function createKey(svc: TestService, role: 'platform' | 'moderator' | 'ops', name: string, consultations?: string[]): Promise<string> {
  const res = await svc.call('POST', '/v1/keys', { name, role, ...(consultations ? { consultations } : {}) });
  if (res.status !== 201) throw new Error(`key not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

/** Creates a review_all consultation with these texts (externalIds `<prefix>0`, `<prefix>1`, ...) and waits for triage. */
export async function reviewQueue(svc: TestService, cid: string, texts: string[], prefix = 'e'): Promise<any[]> {
  await svc.call('PUT', `/v1/consultations/${cid}`, { ...URSSAF, policy: { ...URSSAF.policy, mode: 'review_all' } });
  const { body } = await svc.call('POST', `/v1/consultations/${cid}/proposals/batch`, {
    proposals: texts.map((text, i) => ({ externalId: `${prefix}${i}`, text })),
  });
  // a ceiling, not a timing check: 520 proposals stayed queued past 20 s once at load 8 on the two cores
  return waitForTriage(svc, body.items.map((i: any) => i.id), Math.max(20_000, texts.length * 100));
}
