/**
 * What the moderator page reads besides the review API, through the real app on a real Redis: its settings and
 * the one catalogue of reason words; assigning a proposal to a moderator; tags.
 */
import { describe, expect, it } from '@jest/globals';
import { REASON_CODES } from '../../models/schemas.js';
import { CATALOGUE_LANGUAGES, reasonLabels } from '../../models/reason-catalogue.js';
import { createKey, reviewQueue } from '../support/review.js';
import { serviceForSuite } from '../support/service.js';

const { svc, restart } = serviceForSuite({ BRAND_NAME: 'Ville-Exemple' });
const keyId = async (token: string): Promise<string> => (await svc.call('GET', '/v1/session', undefined, token)).body.principal.id;

describe('GET /v1/ui', () => {
  it('serves the reason labels of the catalogue in every language, for every reason code, without signing in', async () => {
    const { status, body } = await svc.call('GET', '/v1/ui', undefined, null);
    expect(status).toBe(200);
    expect(body.brand).toBe('Ville-Exemple');
    expect(body.reasonCodes).toEqual([...REASON_CODES]);
    expect(Object.keys(body.reasons).sort()).toEqual([...CATALOGUE_LANGUAGES].sort());
    for (const lang of CATALOGUE_LANGUAGES) expect(Object.keys(body.reasons[lang]).sort()).toEqual([...REASON_CODES].sort());
    expect(body.reasons).toEqual(reasonLabels());
    expect(body.reasons.fr.toxic).toBe('Injurieuse ou agressive');
    expect(body.reasons.de.off_topic).toBe('Themenfremd');
  });
});

describe('assigning a proposal to a moderator', () => {
  it('keeps it for that moderator: "next" offers it to no one else, the queue filter finds it; undone with null', async () => {
    const items = await reviewQueue(svc, 'attribuer', ['Il faut ouvrir le samedi', 'Il faut répondre plus vite']);
    const camille = await createKey(svc, 'moderator', 'Camille', ['attribuer']);
    const dominique = await createKey(svc, 'moderator', 'Dominique', ['attribuer']);
    const outsider = await createKey(svc, 'moderator', 'Ailleurs', ['autre']);
    const camilleId = await keyId(camille);

    const assigned = await svc.call('PUT', `/v1/proposals/${items[0].id}/assignee`, { to: camilleId }, dominique);
    expect(assigned).toMatchObject({ status: 200, body: { assignedTo: camilleId, tags: [] } });
    // Dominique is offered the other proposal, never Camille's, even after skipping it
    const next = await svc.call('POST', '/v1/consultations/attribuer/review/next', {}, dominique);
    expect(next.body.item.id).toBe(items[1].id);
    await svc.call('DELETE', `/v1/proposals/${items[1].id}/lease`, undefined, dominique);
    const again = await svc.call('POST', '/v1/consultations/attribuer/review/next', { exclude: [items[1].id] }, dominique);
    expect(again.body.item).toBeNull();
    // Camille gets it, with who it is assigned to
    const mine = await svc.call('POST', '/v1/consultations/attribuer/review/next', { filters: { assignedTo: camilleId } }, camille);
    expect(mine.body.item).toMatchObject({ id: items[0].id, assignedTo: camilleId });
    const listed = await svc.call('GET', `/v1/consultations/attribuer/review/queue?assignedTo=${camilleId}`, undefined, dominique);
    expect(listed.body.items.map((p: any) => p.id)).toEqual([items[0].id]);
    expect((await svc.call('GET', '/v1/consultations/attribuer/review/queue?assignedTo=none', undefined, dominique)).body.items.map((p: any) => p.id)).toEqual([items[1].id]);

    // only a moderator of the consultation can be assigned, and only a proposal in review
    const foreign = await svc.call('PUT', `/v1/proposals/${items[1].id}/assignee`, { to: await keyId(outsider) }, dominique);
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0].field).toBe('to');
    expect((await svc.call('PUT', `/v1/proposals/${items[1].id}/assignee`, { to: 'key_nobody' }, dominique)).status).toBe(422);
    expect((await svc.call('PUT', `/v1/proposals/${items[0].id}/assignee`, { to: camilleId }, outsider)).status).toBe(403);

    expect((await svc.call('PUT', `/v1/proposals/${items[0].id}/assignee`, { to: null }, camille)).body.assignedTo).toBeNull();
    await svc.call('DELETE', `/v1/proposals/${items[0].id}/lease`, undefined, camille);
    expect((await svc.call('POST', '/v1/consultations/attribuer/review/next', {}, dominique)).body.item.id).toBe(items[0].id);
    expect((await svc.call('POST', `/v1/proposals/${items[1].id}/decision`, { outcome: 'accept' }, camille)).status).toBe(200);
    expect((await svc.call('PUT', `/v1/proposals/${items[1].id}/assignee`, { to: camilleId }, camille)).status).toBe(409);
  });
});

describe('tags', () => {
  it('replaces a proposal\'s tags (trimmed, once whatever the case), filters the queue by tag, refuses too many', async () => {
    const items = await reviewQueue(svc, 'etiquettes', ['Il faut un guichet unique', 'Il faut des horaires élargis']);
    const mod = await createKey(svc, 'moderator', 'Étiqueteuse', ['etiquettes']);
    const put = await svc.call('PUT', `/v1/proposals/${items[0].id}/tags`, { tags: ['  à   relire ', 'Juriste', 'juriste'] }, mod);
    expect(put).toMatchObject({ status: 200, body: { tags: ['à relire', 'Juriste'] } });
    const page = await svc.call('GET', `/v1/consultations/etiquettes/review/queue?tag=${encodeURIComponent('JURISTE')}`, undefined, mod);
    expect(page.body.items.map((p: any) => ({ id: p.id, tags: p.tags }))).toEqual([{ id: items[0].id, tags: ['à relire', 'Juriste'] }]);
    expect(page.body.counts.total).toBe(1);
    const tooMany = await svc.call('PUT', `/v1/proposals/${items[1].id}/tags`, { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, mod);
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors[0].field).toBe('tags');
    expect((await svc.call('PUT', `/v1/proposals/${items[1].id}/tags`, { tags: ['<b>x</b>\u202e'] }, mod)).status).toBe(422);
    expect((await svc.call('PUT', `/v1/proposals/${items[0].id}/tags`, { tags: [] }, mod)).body.tags).toEqual([]);
    expect((await svc.call('GET', '/v1/consultations/etiquettes/review/queue?tag=juriste', undefined, mod)).body.items).toEqual([]);
  });
});

describe('a proposal as the workspace shows it, wherever it is in the queue', () => {
  it('GET /v1/proposals/{id}/review answers its holder, assignee and tags past the first 500 of the queue', async () => {
    const texts = Array.from({ length: 520 }, (_, i) => `Il faut ouvrir le guichet numéro ${i} le samedi matin`);
    const items = await reviewQueue(svc, 'loin', texts);
    const mod = await createKey(svc, 'moderator', 'Lointaine', ['loin']);
    const other = await createKey(svc, 'moderator', 'Voisine', ['loin']);
    const last = items.at(-1);
    const firstPage = await svc.call('GET', '/v1/consultations/loin/review/queue?limit=500', undefined, mod);
    expect(firstPage.body.items.map((p: any) => p.id)).not.toContain(last.id);
    await svc.call('PUT', `/v1/proposals/${last.id}/tags`, { tags: ['juriste'] }, mod);
    await svc.call('PUT', `/v1/proposals/${last.id}/assignee`, { to: await keyId(mod) }, other);
    expect((await svc.call('POST', `/v1/proposals/${last.id}/lease`, {}, other)).status).toBe(200);
    const shown = await svc.call('GET', `/v1/proposals/${last.id}/review`, undefined, mod);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ id: last.id, text: texts.at(-1), tags: ['juriste'], assignedTo: await keyId(mod), lease: { by: await keyId(other) }, status: 'pending_review' });
    expect((await svc.call('GET', '/v1/proposals/loin~999999/review', undefined, mod)).status).toBe(404);
  }, 120_000);
});

describe('the audit log keeps assignments and tag changes', () => {
  it('who assigned or tagged what and when, merged with the decisions in order, both ways, page by page, and in the CSV', async () => {
    const items = await reviewQueue(svc, 'journal', ['Il faut un registre des demandes', 'Il faut un accueil sans rendez-vous']);
    const camille = await createKey(svc, 'moderator', 'Camille', ['journal']);
    const dominique = await createKey(svc, 'moderator', 'Dominique', ['journal']);
    const [camilleId, dominiqueId] = [await keyId(camille), await keyId(dominique)];
    await svc.call('PUT', `/v1/proposals/${items[0].id}/assignee`, { to: dominiqueId }, camille);
    await svc.call('PUT', `/v1/proposals/${items[0].id}/tags`, { tags: ['à relire', 'juriste'] }, dominique);
    // the same tags again change nothing: no entry
    await svc.call('PUT', `/v1/proposals/${items[0].id}/tags`, { tags: ['juriste', 'à relire'].reverse() }, dominique);
    expect((await svc.call('POST', `/v1/proposals/${items[1].id}/decision`, { outcome: 'accept' }, camille)).status).toBe(200);
    await svc.call('PUT', `/v1/proposals/${items[0].id}/assignee`, { to: null }, dominique);

    const asc = await svc.call('GET', '/v1/consultations/journal/audit?limit=100', undefined, camille);
    expect(asc.body.items.map((e: any) => [e.outcome, e.proposalId, e.decidedBy, e.assignedTo, e.tags])).toEqual([
      ['assigned', items[0].id, camilleId, dominiqueId, undefined],
      ['tagged', items[0].id, dominiqueId, undefined, ['à relire', 'juriste']],
      ['accept', items[1].id, camilleId, undefined, undefined],
      ['assigned', items[0].id, dominiqueId, null, undefined],
    ]);
    expect(asc.body.items[0]).toMatchObject({ externalId: 'e0', text: 'Il faut un registre des demandes', automatic: false, note: null });
    // one entry a page, both ways: the same entries in the same order
    for (const order of ['asc', 'desc'] as const) {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: any = await svc.call('GET', `/v1/consultations/journal/audit?limit=1&order=${order}${after ? `&after=${after}` : ''}`, undefined, camille);
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((e: any) => e.id));
        after = page.body.nextCursor;
      } while (after);
      const ids = asc.body.items.map((e: any) => e.id);
      expect(seen).toEqual(order === 'asc' ? ids : [...ids].reverse());
    }
    expect((await svc.call('GET', `/v1/consultations/journal/audit?decidedBy=${dominiqueId}`, undefined, camille)).body.items.map((e: any) => e.outcome)).toEqual(['tagged', 'assigned']);
    const csv = await fetch(`${svc.base}/v1/consultations/journal/audit.csv`, { headers: { authorization: `Bearer ${camille}` } }).then((r) => r.text());
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain(`,assigned,,${camilleId},false,`);
    expect(lines[1]!.endsWith(`,${dominiqueId},`)).toBe(true);
    expect(lines[2]!.endsWith(',"à relire, juriste"')).toBe(true);
  });
});

describe('live updates of the queue', () => {
  it('a long poll answers as soon as a proposal arrives or is decided or tagged, and after waitS when nothing changes', async () => {
    const [first] = await reviewQueue(svc, 'direct', ['Il faut une première proposition']);
    const mod = await createKey(svc, 'moderator', 'Attentive', ['direct']);
    const changes = (since?: string, waitS = 10) => svc.call('GET', `/v1/consultations/direct/review/changes?waitS=${waitS}${since ? `&since=${since}` : ''}`, undefined, mod);
    const start = await changes();
    expect(start.body).toEqual({ token: expect.any(String), changed: false });

    // nothing happens: the answer comes after waitS, unchanged
    let t0 = Date.now();
    const idle = await changes(start.body.token, 1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(idle.body).toEqual({ token: start.body.token, changed: false });

    // a proposal arrives while the poll waits: it answers then, well before waitS
    t0 = Date.now();
    const waiting = changes(start.body.token, 20);
    await svc.call('POST', '/v1/consultations/direct/proposals/batch', { proposals: [{ externalId: 'd2', text: 'Il faut une seconde proposition' }] });
    const arrived = await waiting;
    expect(arrived.body.changed).toBe(true);
    expect(Date.now() - t0).toBeLessThan(15_000);

    for (const change of [
      () => svc.call('PUT', `/v1/proposals/${first.id}/tags`, { tags: ['urgent'] }, mod),
      () => svc.call('POST', `/v1/proposals/${first.id}/decision`, { outcome: 'accept' }, mod),
    ]) {
      const settled = (await changes()).body.token;
      const polled = changes(settled, 20);
      await change();
      expect((await polled).body.changed).toBe(true);
    }
    expect((await svc.call('GET', '/v1/consultations/ailleurs/review/changes?waitS=0', undefined, mod)).status).toBe(403);
  });
});

describe('shutting down with long polls pending', () => {
  it('answers every pending long poll at once and closes well before waitS (25 s)', async () => {
    await reviewQueue(svc, 'arret', ['Il faut une proposition en attente']);
    const mod = await createKey(svc, 'moderator', 'Patiente', ['arret']);
    const token = (await svc.call('GET', '/v1/consultations/arret/review/changes', undefined, mod)).body.token;
    // more moderators waiting than Node's default of 10 listeners on the shutdown signal
    const polls = Array.from({ length: 12 }, () => svc.call('GET', `/v1/consultations/arret/review/changes?waitS=25&since=${token}`, undefined, mod));
    // the polls are waiting (a first token read and a few rounds of 250 ms)
    await new Promise((r) => setTimeout(r, 800));
    const t0 = Date.now();
    await svc.runtime.close();
    const closedMs = Date.now() - t0;
    const answers = await Promise.all(polls);
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    expect(answers.map((a) => a.body)).toEqual(Array(12).fill({ token, changed: false }));
    // a bound far from waitS rather than a tight one: under load (two cores, other suites) a prompt close took 1.2 s
    expect(closedMs).toBeLessThan(10_000);
    await restart();
  }, 40_000);
});
