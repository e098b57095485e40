/**
 * A Redis Cluster master crashed mid-intake (SIGKILL) and restarted from its AOF (three masters on loopback, AOF
 * fsync always, no replicas: docs/ARCHITECTURE.md, "A master lost"): intake answers 202 or 503, never anything
 * else; every proposal answered 202 reaches a decision once the master is back, none is stored twice, and the
 * service then stops cleanly. Once the master of the consultation's slot, once the master of the queues' slot
 * (`{bull}`).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { keys } from '../../models/store/keys.js';
import { LocalRedisCluster } from '../support/redis-cluster.js';
import { URSSAF, startService, type TestService } from '../support/service.js';

const BATCHES = 30;
const BATCH = 50;
const CRASH_BEFORE = 10;
const RESTART_BEFORE = 16;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

const proposal = (i: number) => ({ externalId: `e${i}`, text: `Il faut la mesure numéro ${i} pour les usagers de l'Urssaf` });

async function listAll(svc: TestService, cid: string): Promise<any[] | null> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const page: any = await svc.call('GET', `/v1/consultations/${cid}/proposals?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
    if (page.status !== 200) return null;
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

/** Posts the batches, crashing master `victim(cluster)` before batch CRASH_BEFORE and restarting it before
 * RESTART_BEFORE; then waits until every acknowledged proposal is decided and closes the service. */
async function crashMidIntake(cid: string, victimKey: string) {
  const cluster = await new LocalRedisCluster(3).start();
  cleanups.push(() => cluster.stop());
  const svc = await startService(null, { REDIS_CLUSTER_NODES: cluster.addresses, TRIAGE_CHUNK: String(BATCH) });
  let closed = false;
  cleanups.push(async () => { if (!closed) await svc.close(); });
  expect((await svc.call('PUT', `/v1/consultations/${cid}`, URSSAF)).status).toBe(201);
  const victim = await cluster.masterOf(victimKey);

  const acknowledged = new Set<string>();
  const statuses = new Map<number, number>();
  for (let batch = 0; batch < BATCHES; batch++) {
    if (batch === CRASH_BEFORE) await cluster.kill(victim);
    if (batch === RESTART_BEFORE) await cluster.restart(victim);
    const proposals = Array.from({ length: BATCH }, (_, k) => proposal(batch * BATCH + k));
    const res = await svc.call('POST', `/v1/consultations/${cid}/proposals/batch`, { proposals });
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status === 202) for (const item of res.body.items) acknowledged.add(item.externalId);
  }
  // only "stored" or "unavailable, retry": nothing half-done is answered
  expect([...statuses.keys()].every((s) => s === 202 || s === 503)).toBe(true);
  expect(statuses.get(202)).toBeGreaterThanOrEqual(BATCHES - (RESTART_BEFORE - CRASH_BEFORE));

  const deadline = Date.now() + 120_000;
  let items: any[] = [];
  for (;;) {
    items = await listAll(svc, cid).catch(() => null) ?? [];
    const byExt = new Map(items.map((p) => [p.externalId, p]));
    const waiting = [...acknowledged].filter((e) => !byExt.has(e) || ['queued', 'processing'].includes(byExt.get(e).status));
    if (waiting.length === 0) break;
    if (Date.now() > deadline) {
      const jobs = await svc.runtime.deps.opsQueues[0]!.getJobCounts().catch((err: Error) => err.message);
      throw new Error(`${waiting.length} of ${acknowledged.size} acknowledged proposals not decided 120 s after intake (triage jobs: ${JSON.stringify(jobs)})`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const externalIds = items.map((p) => p.externalId);
  expect(new Set(externalIds).size).toBe(externalIds.length); // none stored twice
  for (const e of acknowledged) expect(externalIds).toContain(e);
  const stats = await svc.call('GET', `/v1/consultations/${cid}/stats`);
  const bySystem = items.filter((p) => p.decision?.decidedBy === 'system').length;
  expect(stats.body.decisions.automatic).toBe(bySystem);
  // a clean stop once the master is back (a stop that never returned was the symptom of stuck workers)
  await svc.close();
  closed = true;
}

describe('a Redis Cluster master crashed mid-intake and restarted from its AOF', () => {
  it("the master of the consultation's slot: every 202 is decided, none twice", async () => {
    await crashMidIntake('slot', keys.sequence('slot'));
  }, 240_000);

  it("the master of the queues' slot ({bull}): every 202 is decided, none twice", async () => {
    await crashMidIntake('queues', '{bull}');
  }, 240_000);
});
