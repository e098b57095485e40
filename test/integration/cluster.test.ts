/**
 * The service on a real Redis Cluster (three masters on loopback, AOF fsync always, no replicas), configured
 * with REDIS_CLUSTER_NODES: the whole flow and idempotent intake. A master crashed mid-intake:
 * cluster-durability.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { clusterCoverageWarnings } from '../../app/local-redis.js';
import { keys } from '../../models/store/keys.js';
import { LocalRedisCluster } from '../support/redis-cluster.js';
import { URSSAF, URSSAF_ALL_CHECKS, startService, waitForTriage, type TestService } from '../support/service.js';

let cluster: LocalRedisCluster;
let svc: TestService;

beforeAll(async () => {
  cluster = await new LocalRedisCluster(3).start();
  svc = await startService(null, { REDIS_CLUSTER_NODES: cluster.addresses });
}, 120_000);
afterAll(async () => {
  await svc?.close();
  await cluster?.stop();
}, 120_000);

/** The keys matching a pattern once two snapshots a second apart agree (background work has settled). */
async function settledKeys(pattern: string): Promise<string[]> {
  let previous = (await cluster.keysMatching(pattern)).sort();
  for (let attempt = 0; attempt < 20; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const current = (await cluster.keysMatching(pattern)).sort();
    if (current.join('\n') === previous.join('\n')) return current;
    previous = current;
  }
  throw new Error(`keys matching ${pattern} still changing after 20 s`);
}

describe('on a Redis Cluster', () => {
  it('reports the cluster in /readyz and runs the whole flow: intake, triage, listing, a moderator decision, stats', async () => {
    const ready = await svc.call('GET', '/readyz', undefined, null);
    expect(ready.status).toBe(200);
    expect(ready.body.cluster).toMatchObject({ state: 'ok', slotsOk: 16384, size: 3 });

    // consultations land in different slots, hence on different masters
    const cids = ['urssaf', 'makeorg', 'paris', 'lyon'];
    expect(new Set(await Promise.all(cids.map((cid) => cluster.masterOf(keys.sequence(cid))))).size).toBeGreaterThan(1);
    for (const cid of cids) expect((await svc.call('PUT', `/v1/consultations/${cid}`, URSSAF_ALL_CHECKS)).status).toBe(201);
    const listed = await svc.call('GET', '/v1/consultations');
    expect(listed.status).toBe(200);

    const batch = await svc.call('POST', '/v1/consultations/urssaf/proposals/batch', {
      proposals: [
        { externalId: 'a', text: 'Il faut simplifier les déclarations trimestrielles des indépendants' },
        { externalId: 'b', text: 'Trop court' },
        { externalId: 'd', text: 'il faut SIMPLIFIER les déclarations trimestrielles des indépendants !' },
      ],
    });
    expect(batch.status).toBe(202);
    const [a, b, d] = await waitForTriage(svc, batch.body.items.map((i: any) => i.id), 60_000);
    expect(a.status).toBe('accepted');
    expect(b.decision.reason).toBe('too_short');
    expect(d.decision.reason).toBe('duplicate');
    expect(d.similar[0]).toMatchObject({ id: a.id, externalId: 'a', text: a.text });

    await svc.call('PUT', '/v1/consultations/paris', { ...URSSAF, policy: { mode: 'review_all' } });
    const one = await svc.call('POST', '/v1/consultations/paris/proposals', { externalId: 'x1', text: 'Il faut ouvrir les guichets le samedi matin' });
    const [p] = await waitForTriage(svc, [one.body.id], 60_000);
    expect(p.status).toBe('pending_review');
    const decided = await svc.call('POST', `/v1/proposals/${p.id}/decision`, { outcome: 'reject', reason: 'off_topic', expectedVersion: p.version });
    expect(decided.status).toBe(200);
    const stats = await svc.call('GET', '/v1/consultations/paris/stats');
    expect(stats.body).toMatchObject({ total: 1, decided: 1, decisions: { human: 1 } });
    const feed = await svc.call('GET', '/v1/consultations/paris/decisions');
    expect(feed.status).toBe(200);
    expect(feed.body.items.map((i: any) => i.proposalId)).toEqual([p.id]);
  });

  it('DELETE of a consultation removes every key of it from the master of its slot, and only its keys', async () => {
    const cids = ['gone-a', 'gone-b', 'gone-c', 'gone-d', 'gone-e', 'stays'];
    for (const cid of cids) {
      await svc.call('PUT', `/v1/consultations/${cid}`, URSSAF);
      const res = await svc.call('POST', `/v1/consultations/${cid}/proposals/batch`, {
        proposals: [{ externalId: 'x', text: 'Il faut ouvrir les guichets le samedi matin' }, { externalId: 'y', text: 'Il faut des guichets ouverts le soir' }],
      });
      await waitForTriage(svc, res.body.items.map((i: any) => i.id), 60_000);
    }
    const masters = new Set(await Promise.all(cids.map((cid) => cluster.masterOf(keys.sequence(cid)))));
    expect(masters.size).toBeGreaterThan(1); // not all on the node a single-node SCAN would read
    // Triage and learning of 'stays' run on after its decisions; wait until its keys stop changing, so that
    // the comparison below sees only what the deletes did.
    const before = await settledKeys('tr:{stays}:*');
    for (const cid of cids.slice(0, -1)) {
      expect((await cluster.keysMatching(`${keys.base(cid)}*`)).length).toBeGreaterThan(3);
      expect((await svc.call('DELETE', `/v1/consultations/${cid}`)).status).toBe(204);
      expect(await cluster.keysMatching(`${keys.base(cid)}*`)).toEqual([]);
      expect((await svc.call('GET', `/v1/consultations/${cid}`)).status).toBe(404);
    }
    expect(await cluster.keysMatching('tr:{stays}:*')).toEqual(expect.arrayContaining(before));
  }, 120_000);

  it('the same externalId posted 50 times concurrently creates one proposal', async () => {
    await svc.call('PUT', '/v1/consultations/idem', URSSAF);
    const results = await Promise.all(Array.from({ length: 50 }, () =>
      svc.call('POST', '/v1/consultations/idem/proposals', { externalId: 'same', text: 'Il faut un seul exemplaire de cette proposition' })));
    expect(results.every((r) => r.status === 202)).toBe(true);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const list = await svc.call('GET', '/v1/consultations/idem/proposals?limit=1000');
    expect(list.body.items).toHaveLength(1);
  });

  it('warns at start about a node that keeps cluster-require-full-coverage yes, and not about one set to no', async () => {
    const node = new Redis(cluster.nodes[0]!.port, '127.0.0.1', { lazyConnect: true });
    await node.connect();
    try {
      expect(await clusterCoverageWarnings(node)).toEqual([]);
      await node.config('SET', 'cluster-require-full-coverage', 'yes');
      const [warning] = await clusterCoverageWarnings(node);
      expect(warning).toContain('cluster-require-full-coverage yes');
    } finally {
      await node.config('SET', 'cluster-require-full-coverage', 'no');
      node.disconnect();
    }
  });
});
