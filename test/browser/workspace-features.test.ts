/**
 * The moderator page's second pass, in a real browser: people by name, texts and notes in the history, errors in
 * the moderator's language (storage down, offline, revoked key, lost lease), an empty queue that refreshes itself,
 * keyboard traps removed (auto-repeat, shortcuts toggle, form controls), search, sort, the author's history,
 * re-opening a decision, grouping into an idea, the page in English, the deployment's brand.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, keepEvidence, launch, newPage, shownText, signIn, waitForOther, waitForText } from '../support/browser.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';
import { createKey, reviewQueue } from '../support/review.js';
import { URSSAF, startService, waitForTriage, type TestService } from '../support/service.js';

// each test drives a browser through several round trips: minutes on a loaded machine
jest.setTimeout(180_000);

const BRAND = 'Consultations de Ville-Exemple';
let redis: TestRedis;
let svc: TestService;
let browser: Browser;

beforeAll(async () => {
  redis = await startTestRedis();
  // a short undo window (re-opening comes after it) and short leases (a lost lease within seconds)
  svc = await startService(redis.url, { REVIEW_UNDO_WINDOW_MS: '1500', REVIEW_LEASE_S: '4', BRAND_NAME: BRAND, AUTH_CACHE_MS: '0' });
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await svc?.close();
  await redis?.stop();
});

const texts = (topic: string, n: number) => Array.from({ length: n }, (_, i) => `Il faut ${topic} numéro ${i + 1} pour les usagers de l'Urssaf`);
const proposal = async (id: string) => (await svc.call('GET', `/v1/proposals/${id}`)).body;
const statuses = async (items: any[]) => (await Promise.all(items.map((p) => proposal(p.id)))).map((p) => p.status as string);
const statusText = (page: Page) => page.textContent('#status-text');
const spoken = (page: Page) => page.textContent('#status');
async function waitForStatus(page: Page, part: string, timeout = 15_000): Promise<void> {
  try {
    await page.waitForFunction((p) => (globalThis as any).document.getElementById('status-text')?.textContent?.includes(p), part, { timeout });
  } catch (err) {
    throw new Error(`status never said "${part}"; it says "${await statusText(page)}"`);
  }
}
async function keyId(token: string): Promise<string> {
  return (await svc.call('GET', '/v1/session', undefined, token)).body.principal.id;
}

describe('people, texts and notes', () => {
  it('shows other moderators by name, the texts of the history and the notes', async () => {
    const items = await reviewQueue(svc, 'noms', texts('simplifier les formulaires', 3));
    const camille = await createKey(svc, 'moderator', 'Camille Martin', ['noms']);
    const decided = await svc.call('POST', `/v1/proposals/${items[0].id}/decision`, { outcome: 'reject', reason: 'duplicate', note: 'même idée que la 12' }, camille);
    expect(decided.status).toBe(200);
    const page = await signIn(browser, svc, await createKey(svc, 'moderator', 'Dominique', ['noms']));
    await page.waitForSelector('#history-rows tr td.history__text');
    const history = await page.textContent('#history-rows');
    expect(history).toContain('Camille Martin');
    expect(history).not.toContain(await keyId(camille));
    expect(history).toContain(items[0].text);
    expect(history).toContain('même idée que la 12');
    // the header carries the deployment's brand, not a state's emblem
    expect(await page.textContent('header')).toContain(BRAND);
    expect((await page.textContent('body'))!.toLowerCase()).not.toContain('république');
    // my own note is shown again when I come back to the decision
    await page.waitForSelector('#proposal-text');
    await page.keyboard.press('n');
    await page.keyboard.type('à vérifier avec la juriste');
    await page.keyboard.press('Escape');
    const first = await shownText(page);
    await page.keyboard.press('a');
    await waitForOther(page, first);
    // a screen reader hears the decision, then the proposal now on screen
    expect(await spoken(page)).toContain('Proposition acceptée.');
    expect(await spoken(page)).toContain(`Suivante : « ${await shownText(page)} »`);
    await page.keyboard.press('k');
    await page.waitForSelector('.note-shown');
    expect(await page.textContent('.note-shown')).toContain('à vérifier avec la juriste');
    await page.screenshot({ path: SHOTS + 'note-and-names.png', fullPage: true });
  });
});

describe('errors in the moderator\'s language', () => {
  it('offline: says so, keeps the proposal, and the lease line tells the truth; back online, a lost lease moves on', async () => {
    const items = await reviewQueue(svc, 'horsligne', texts('ouvrir le samedi', 2));
    const page = await signIn(browser, svc, await createKey(svc, 'moderator', 'Hors Ligne', ['horsligne']));
    await page.waitForSelector('#proposal-text');
    const text = (await shownText(page))!;
    await page.context().setOffline(true);
    await waitForStatus(page, 'hors ligne');
    await page.keyboard.press('a');
    await waitForStatus(page, 'hors ligne');
    expect(await shownText(page)).toBe(text);
    expect(await page.textContent('#lease-line')).toMatch(/Connexion perdue depuis|Réservation expirée/);
    // the lease (4 s) expires while offline, and another moderator takes the proposal
    await page.waitForFunction(() => (globalThis as any).document.getElementById('lease-line')?.textContent?.includes('Réservation expirée'), undefined, { timeout: 15_000 });
    await page.screenshot({ path: SHOTS + 'offline.png' });
    const other = await createKey(svc, 'moderator', 'Autre', ['horsligne']);
    const taken = await svc.call('POST', '/v1/consultations/horsligne/review/next', {}, other);
    expect(taken.body.item.text).toBe(text);
    await page.context().setOffline(false);
    await waitForStatus(page, 'prise par un autre modérateur');
    await waitForText(page, items.find((p) => p.text !== text).text);
  });

  it('a revoked key goes back to sign-in, saying why', async () => {
    await reviewQueue(svc, 'revoque', texts('réduire les délais', 2));
    const token = await createKey(svc, 'moderator', 'Bientôt Révoqué', ['revoque']);
    const page = await signIn(browser, svc, token);
    await page.waitForSelector('#proposal-text');
    expect((await svc.call('DELETE', `/v1/keys/${await keyId(token)}`)).status).toBe(200);
    await page.keyboard.press('a');
    await page.waitForSelector('#login-view:not([hidden])');
    expect(await page.textContent('#login-error')).toContain('Votre clé a été révoquée');
    // announced, and shown once: under the key field, not in the status line as well
    expect(await page.textContent('#alert')).toContain('Votre clé a été révoquée');
    expect(await page.isVisible('#status-box')).toBe(false);
    await page.screenshot({ path: SHOTS + 'revoked.png' });
  });

  it('storage down: a French message, nothing lost, and the work resumes when it is back', async () => {
    const ownRedis = await startTestRedis();
    const own = await startService(ownRedis.url);
    try {
      const items = await reviewQueue(own, 'stockage', texts('mieux informer', 2));
      const page = await signIn(browser, own, await createKey(own, 'moderator', 'Stockage', ['stockage']));
      await page.waitForSelector('#proposal-text');
      const text = (await shownText(page))!;
      await ownRedis.server.kill('SIGKILL');
      await page.keyboard.press('a');
      await waitForStatus(page, 'stockage du service est momentanément indisponible', 30_000);
      expect(await statusText(page)).not.toMatch(/storage|retry|externalId/i);
      expect(await shownText(page)).toBe(text);
      await page.screenshot({ path: SHOTS + 'storage-down.png' });
      await ownRedis.server.start();
      // the service reconnects within a few seconds: the moderator tries again until it goes through
      for (let i = 0; i < 20 && (await shownText(page)) === text; i++) {
        await page.keyboard.press('a');
        await new Promise((r) => setTimeout(r, 1000));
      }
      expect((await own.call('GET', `/v1/proposals/${items.find((p) => p.text === text).id}`)).body.status).toBe('accepted');
      await page.context().close();
    } finally {
      await own.close();
      await ownRedis.stop();
    }
  });
});

describe('the queue and the keyboard', () => {
  it('an empty queue shows new proposals as they arrive', async () => {
    await svc.call('PUT', '/v1/consultations/vide', { ...URSSAF, policy: { mode: 'review_all' } });
    const page = await signIn(browser, svc, await createKey(svc, 'moderator', 'Patiente', ['vide']));
    await page.waitForSelector('#current .empty');
    const { body } = await svc.call('POST', '/v1/consultations/vide/proposals/batch', { proposals: [{ externalId: 'v1', text: texts('arriver plus tard', 1)[0] }] });
    await waitForTriage(svc, body.items.map((i: any) => i.id));
    await page.waitForSelector('#proposal-text', { timeout: 15_000 });
    expect(await shownText(page)).toBe(texts('arriver plus tard', 1)[0]);
  });

  it('a held key decides once; shortcuts pause in form controls and can be turned off (remembered)', async () => {
    const items = await reviewQueue(svc, 'clavier2', texts('répondre au téléphone', 6));
    const page = await signIn(browser, svc, await createKey(svc, 'moderator', 'Clavier', ['clavier2']));
    await keepEvidence(page, 'held-key', () => heldKeySteps(page, items), () => statuses(items));
  });

  // failed once (33.7 s) and never again in 28 runs, leaving no trace: it now leaves one (keepEvidence). The race
  // found by reading the page's code (a lease renewal answered after the decision) is the next test's.
  async function heldKeySteps(page: Page, items: any[]): Promise<void> {
    await page.waitForSelector('#proposal-text');
    const first = await shownText(page);
    for (let i = 0; i < 16; i++) await page.keyboard.down('a');
    await page.keyboard.up('a');
    await waitForOther(page, first);
    await new Promise((r) => setTimeout(r, 1000));
    const accepted = (await Promise.all(items.map((p) => proposal(p.id)))).filter((p) => p.status === 'accepted');
    expect(accepted.map((p) => p.text)).toEqual([first]);

    // focus left on a filter: letters belong to it, not to the shortcuts
    await page.focus('#filter-suggestion');
    expect(await page.isVisible('#shortcuts-paused')).toBe(true);
    const second = await shownText(page);
    await page.keyboard.press('a');
    await page.keyboard.press('Escape');
    await page.keyboard.press('s');
    await waitForOther(page, second);
    expect((await Promise.all(items.map((p) => proposal(p.id)))).filter((p) => p.status === 'accepted')).toHaveLength(1);

    // ? shows the help; the toggle turns single keys off, and stays off after a reload
    await page.keyboard.press('?');
    await page.waitForSelector('#shortcuts-help[open]');
    await page.screenshot({ path: SHOTS + 'shortcuts-help.png' });
    await page.keyboard.press('Escape');
    await page.uncheck('#shortcuts-on');
    await page.locator('#current').focus();
    const third = await shownText(page);
    await page.keyboard.press('a');
    await page.keyboard.press('?');
    await new Promise((r) => setTimeout(r, 500));
    expect(await shownText(page)).toBe(third);
    expect(await page.isVisible('#shortcuts-help')).toBe(false);
    await page.reload();
    await page.waitForSelector('#proposal-text');
    expect(await page.isChecked('#shortcuts-on')).toBe(false);
    await page.click('.btn--accept');
    await waitForOther(page, third);
  }

  it('a lease renewal answered after my own decision neither says the lease was lost nor asks for another proposal', async () => {
    const items = await reviewQueue(svc, 'renouvellement', texts('rappeler les usagers', 3));
    const page = await signIn(browser, svc, await createKey(svc, 'moderator', 'Renouvelle', ['renouvellement']));
    await keepEvidence(page, 'renewal-after-decision', async () => {
      await page.waitForSelector('#proposal-text');
      const first = await shownText(page);
      // the first renewal (at half of the 4 s lease) is held until the decision is taken and the next proposal
      // shown: the service then answers it 409, the proposal being decided
      let renewalSent!: () => void;
      const renewing = new Promise<void>((r) => { renewalSent = r; });
      let release!: () => void;
      const released = new Promise<void>((r) => { release = r; });
      await page.route('**/v1/proposals/*/lease', async (route) => {
        if (route.request().method() === 'POST') {
          renewalSent();
          await released;
        }
        await route.continue();
      });
      await renewing;
      let nextCalls = 0;
      page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/review/next')) nextCalls++; });
      await page.keyboard.press('a');
      await waitForOther(page, first);
      const second = await shownText(page);
      const answered = page.waitForResponse((r) => r.url().endsWith('/lease') && r.request().method() === 'POST');
      release();
      expect((await answered).status()).toBe(409);
      await new Promise((r) => setTimeout(r, 1000));
      expect(await statusText(page)).not.toContain('prise par un autre modérateur');
      expect(await shownText(page)).toBe(second);
      expect(nextCalls).toBe(1);
      expect((await statuses(items)).filter((s) => s === 'accepted')).toHaveLength(1);
    }, () => statuses(items));
  });

  it('searches the texts and sorts the queue', async () => {
    // the first lacks "Il faut": the one refusal the machine suggests
    const items = await reviewQueue(svc, 'tri', ['Supprimer les pénalités de retard la première année', 'Il faut ouvrir les guichets le samedi',
      'Il faut simplifier la déclaration trimestrielle', 'Il faut répondre aux courriels en une semaine']);
    const page = await signIn(browser, svc, await createKey(svc, 'moderator', 'Trieuse', ['tri']));
    await page.waitForSelector('#proposal-text');
    expect(await shownText(page)).toBe(items[0].text);
    await page.fill('#filter-q', 'DECLARATION');
    await page.keyboard.press('Enter');
    await waitForText(page, items[2].text);
    await page.waitForFunction(() => (globalThis as any).document.getElementById('queue-total')?.textContent === '1');
    await page.fill('#filter-q', '');
    await page.keyboard.press('Enter');
    await page.selectOption('#filter-sort', 'newest');
    await waitForText(page, items[3].text);
    // surest refusals first: the one without "Il faut", although it is the oldest
    await page.selectOption('#filter-sort', 'reject');
    await waitForText(page, items[0].text);
    await page.screenshot({ path: SHOTS + 'search-sort.png' });
  });

  it('shows the author\'s other proposals and refusals', async () => {
    await svc.call('PUT', '/v1/consultations/auteur', { ...URSSAF, policy: { mode: 'review_all' } });
    const { body } = await svc.call('POST', '/v1/consultations/auteur/proposals/batch', { proposals: [
      { externalId: 'a1', text: 'Il faut arrêter ces idiots de contrôleurs', authorId: 'citoyen-42' },
      { externalId: 'a2', text: 'Il faut des contrôles plus courtois', authorId: 'citoyen-42' },
      { externalId: 'a3', text: 'Il faut un numéro unique', authorId: 'citoyen-7' },
    ] });
    const [a1] = await waitForTriage(svc, body.items.map((i: any) => i.id));
    expect((await svc.call('POST', `/v1/proposals/${a1.id}/decision`, { outcome: 'reject', reason: 'toxic' })).status).toBe(200);
    const page = await signIn(browser, svc, await createKey(svc, 'moderator', 'Lectrice', ['auteur']));
    await page.waitForSelector('#author-summary');
    expect(await page.textContent('#author-summary')).toContain('Autres propositions : 1 · refusées : 1');
    expect(await page.textContent('#panel-author')).toContain('Il faut arrêter ces idiots de contrôleurs');
    await page.screenshot({ path: SHOTS + 'author-history.png', fullPage: true });
  });

  it('re-opens a decision after the undo window, with its reason in the audit log', async () => {
    const items = await reviewQueue(svc, 'rouvrir', texts('rembourser plus vite', 2));
    // tagged while in review: the tags come back with it (the history shows the change too)
    expect((await svc.call('PUT', `/v1/proposals/${items[0].id}/tags`, { tags: ['litige'] })).status).toBe(200);
    const page = await signIn(browser, svc, await createKey(svc, 'moderator', 'Rouvreuse', ['rouvrir']));
    await page.waitForSelector('#proposal-text');
    await page.waitForSelector('#history-rows .badge--tagged');
    // no check found anything: no suggested reason, so Entrée files nothing (it used to file the first, "Trop
    // courte"); the moderator types the reason's key
    await page.keyboard.press('r');
    await page.waitForSelector('.reject-menu');
    expect(await page.textContent('.reject-menu')).not.toContain('Entrée');
    await page.keyboard.press('Enter');
    await new Promise((r) => setTimeout(r, 500));
    expect((await proposal(items[0].id)).status).toBe('pending_review');
    await page.keyboard.press('6');
    await waitForOther(page, items[0].text);
    expect((await proposal(items[0].id)).decision).toMatchObject({ outcome: 'reject', reason: 'off_topic' });
    await new Promise((r) => setTimeout(r, 2000));
    await page.keyboard.press('u');
    await waitForStatus(page, 'Rien à annuler');
    await page.click('#history-rows button:has-text("Rouvrir")');
    await page.fill('#reopen-note', 'refus contesté par l’auteur : relire');
    await page.screenshot({ path: SHOTS + 'reopen.png' });
    await page.click('.reopen button[type=submit]');
    await waitForText(page, items[0].text);
    expect((await proposal(items[0].id)).status).toBe('pending_review');
    const audit = (await svc.call('GET', '/v1/consultations/rouvrir/audit?order=desc&limit=1')).body.items[0];
    expect(audit).toMatchObject({ outcome: 'undone', reopen: true, note: 'refus contesté par l’auteur : relire' });
    await page.waitForSelector('#history-rows .history__note');
    // re-opened from the history, it is read as the workspace shows it: its tags field holds its tags
    expect(await page.inputValue('#tags-input')).toBe('litige');
  });

  it('tags a proposal and assigns it to another moderator from the page; the tag and "assigned to me" filters find it', async () => {
    const items = await reviewQueue(svc, 'attrib', texts('accueillir les familles', 3));
    const camille = await createKey(svc, 'moderator', 'Camille Attribuée', ['attrib']);
    const camilleId = await keyId(camille);
    const page = await signIn(browser, svc, await createKey(svc, 'moderator', 'Répartitrice', ['attrib']));
    await page.waitForSelector('#proposal-text');
    expect(await shownText(page)).toBe(items[0].text);
    await page.fill('#tags-input', ' à relire ,  Juriste, juriste');
    await page.click('#tags-form button[type=submit]');
    await waitForStatus(page, 'Étiquettes enregistrées : à relire, Juriste.');
    // the tag filter finds it (another proposal first, so that the filter is what brings it back)
    await page.locator('#current').focus();
    await page.keyboard.press('s');
    await waitForText(page, items[1].text);
    await page.fill('#filter-tag', 'JURISTE');
    await page.keyboard.press('Enter');
    await waitForText(page, items[0].text);
    await page.waitForFunction(() => (globalThis as any).document.getElementById('queue-total')?.textContent === '1');
    expect(await page.inputValue('#tags-input')).toBe('à relire, Juriste');
    // assigned to Camille, by name: handed over, the page moves on (nothing else has the tag)
    expect(await page.textContent('#assignee')).toContain('Camille Attribuée');
    await page.screenshot({ path: SHOTS + 'assign-and-tags.png', fullPage: true });
    await page.selectOption('#assignee', camilleId);
    await waitForStatus(page, 'Proposition attribuée à Camille Attribuée');
    await page.waitForSelector('#current .empty');
    expect((await svc.call('GET', `/v1/consultations/attrib/review/queue?assignedTo=${camilleId}`)).body.items)
      .toEqual([expect.objectContaining({ id: items[0].id, assignedTo: camilleId, tags: ['à relire', 'Juriste'] })]);
    // Camille finds it under "assigned to me"
    const other = await signIn(browser, svc, camille);
    await other.waitForSelector('#proposal-text');
    await other.selectOption('#filter-assigned', 'me');
    await waitForText(other, items[0].text);
    expect(await other.inputValue('#assignee')).toBe(camilleId);
    expect(await other.textContent('#assignee option:checked')).toBe('vous');
  });

  it('groups a proposal with a similar one into one idea', async () => {
    const [original] = await reviewQueue(svc, 'idees', ['Il faut ouvrir les guichets le samedi matin'], 'o');
    const [copy] = await reviewQueue(svc, 'idees', ['Il faut ouvrir les guichets le samedi matin !'], 'n');
    expect((await svc.call('POST', `/v1/proposals/${original.id}/decision`, { outcome: 'accept' })).status).toBe(200);
    // triage already grouped the near copy with its original: take it out, then group it again from the page
    expect((await svc.call('POST', '/v1/consultations/idees/groups/split', { proposals: [copy.id] })).status).toBe(201);
    expect((await svc.call('GET', '/v1/consultations/idees/groups')).body.items.some((g: any) => g.size === 2)).toBe(false);
    const page = await signIn(browser, svc, await createKey(svc, 'moderator', 'Regroupeur', ['idees']));
    await page.waitForSelector('.similar-card button');
    await page.click('.similar-card button');
    await waitForStatus(page, 'regroupées');
    const group = (await svc.call('GET', '/v1/consultations/idees/groups')).body.items.find((g: any) => g.size === 2);
    expect(group).toBeDefined();
    expect((await svc.call('GET', `/v1/consultations/idees/groups/${group.id}`)).body.proposals).toEqual([original.id, copy.id]);
    expect(await page.textContent('.similar-card')).toContain('même idée');
  });
});

describe('per-moderator statistics', () => {
  it('the dashboard lists each moderator by name: decisions, per hour, refusals, how often the suggestion was followed', async () => {
    const items = await reviewQueue(svc, 'stats-mod', ['Il faut ouvrir le samedi', 'Court']);
    const sacha = await createKey(svc, 'moderator', 'Sacha Statistique', ['stats-mod']);
    expect((await svc.call('POST', `/v1/proposals/${items[0].id}/decision`, { outcome: 'accept' }, sacha)).status).toBe(200);
    expect((await svc.call('POST', `/v1/proposals/${items[1].id}/decision`, { outcome: 'accept' }, sacha)).status).toBe(200);
    const page = await signIn(browser, svc, await createKey(svc, 'ops', 'Pilote', ['stats-mod']));
    await page.waitForSelector('#moderator-rows tr');
    const cells = await page.$$eval('#moderator-rows tr td', (tds) => tds.map((td) => td.textContent));
    // the short one was suggested for refusal and accepted: one of two suggestions followed
    expect(cells).toEqual(['Sacha Statistique', '2', expect.any(String), '0', '50 %']);
    // decisions per hour are counted: whole numbers on the axis (two decisions read "0, 0,5, 1, 1,5, 2" before)
    await page.waitForSelector('#chart-who svg text[text-anchor="end"]');
    const ticks = await page.$$eval('#chart-who svg text[text-anchor="end"]', (els) => els.map((e) => e.textContent));
    expect(ticks).toEqual(['0', '1', '2', '3', '4']);
    await page.screenshot({ path: SHOTS + 'moderator-stats.png', fullPage: true });
  });
});

describe('languages', () => {
  it('works in English, remembered for that moderator only', async () => {
    await reviewQueue(svc, 'langues', texts('traduire les courriers', 2));
    const token = await createKey(svc, 'moderator', 'Alex', ['langues']);
    const page = await signIn(browser, svc, token);
    await page.waitForSelector('#proposal-text');
    await page.selectOption('#ui-lang', 'en');
    await page.waitForFunction(() => (globalThis as any).document.documentElement.lang === 'en');
    expect(await page.textContent('.btn--accept')).toContain('Accept');
    expect(await page.textContent('#queue-title')).toBe('Queue');
    // the proposal keeps its consultation's language
    expect(await page.getAttribute('#proposal-text', 'lang')).toBe('fr');
    expect(await page.textContent('.meta')).toContain('in French');
    await page.keyboard.press('r');
    await page.waitForSelector('.reject-menu');
    expect(await page.textContent('.reject-menu')).toContain('Press the reason’s key');
    await page.keyboard.press('Escape');
    await page.screenshot({ path: SHOTS + 'english.png' });
    await page.reload();
    await page.waitForSelector('#proposal-text');
    expect(await page.textContent('.btn--accept')).toContain('Accept');
    // the views' addresses follow the page's language; an address of another page language opens the same view
    expect(await page.getAttribute('#nav-appeals', 'href')).toBe('#/appeals');
    await page.click('#nav-appeals');
    await page.waitForSelector('#appeals-view:not([hidden])');
    expect(await page.evaluate(() => (globalThis as any).location.hash)).toBe('#/appeals');
    await page.selectOption('#ui-lang', 'de');
    await page.waitForFunction(() => (globalThis as any).location.hash === '#/beschwerden');
    expect(await page.isVisible('#appeals-view')).toBe(true);
    await page.selectOption('#ui-lang', 'en');
    await page.evaluate(() => { (globalThis as any).location.hash = '#/moderation'; });
    await page.waitForSelector('#moderation-view:not([hidden]) #proposal-text');
    await page.evaluate(() => { (globalThis as any).location.hash = '#/recours'; });
    await page.waitForSelector('#appeals-view:not([hidden])');
    await page.click('#nav-moderation');
    await page.waitForSelector('#moderation-view:not([hidden]) #proposal-text');
    // another moderator on the same browser keeps French
    await page.click('#sign-out');
    await page.waitForSelector('#login-view:not([hidden])');
    await page.fill('#login-token', await createKey(svc, 'moderator', 'Claude', ['langues']));
    await page.selectOption('#ui-lang', 'fr');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#proposal-text');
    expect(await page.textContent('.btn--accept')).toContain('Accepter');
    // German too
    await page.selectOption('#ui-lang', 'de');
    expect(await page.textContent('.btn--accept')).toContain('Annehmen');
    expect(await page.textContent('#history-title')).toBe('Entscheidungsverlauf');
  });

  it('shows an English consultation\'s proposal and evidence marked as English, in the English page', async () => {
    await svc.call('PUT', '/v1/consultations/parks', {
      question: 'How should our city change its parks?', language: 'en', policy: { mode: 'review_all' },
    });
    const { body } = await svc.call('POST', '/v1/consultations/parks/proposals/batch', {
      proposals: [{ externalId: 'p0', text: 'We should plant more trees in the parks, call me on 07700 900123' }],
    });
    await waitForTriage(svc, body.items.map((i: any) => i.id));
    const page = await signIn(browser, svc, await createKey(svc, 'moderator', 'Robin', ['parks']));
    await page.waitForSelector('#proposal-text');
    await page.selectOption('#ui-lang', 'en');
    await page.waitForFunction(() => (globalThis as any).document.documentElement.lang === 'en');
    expect(await page.getAttribute('#proposal-text', 'lang')).toBe('en');
    // the page and the proposal share a language: no "in English" note
    expect(await page.textContent('.meta')).not.toContain('in English');
    const detail = page.locator('.reason', { hasText: 'Personal data' }).locator('.reason__detail');
    expect(await detail.getAttribute('lang')).toBe('en');
    expect(await detail.textContent()).toContain('phone number');
    // a French moderator reads the page in French, the English proposal and its evidence still marked English
    await page.selectOption('#ui-lang', 'fr');
    expect(await page.textContent('.meta')).toContain('en anglais');
    expect(await page.getAttribute('#proposal-text', 'lang')).toBe('en');
    expect(await page.locator('.reason', { hasText: 'Données personnelles' }).locator('.reason__detail').getAttribute('lang')).toBe('en');
    await page.context().close();
  });

  it('marks a proposal in another language than its consultation\'s with the language it is written in', async () => {
    await svc.call('PUT', '/v1/consultations/streets', { question: 'How should our streets change?', language: 'en', policy: { mode: 'review_all' } });
    const { body } = await svc.call('POST', '/v1/consultations/streets/proposals', {
      externalId: 's0', text: 'Il faut planter plus d’arbres dans toutes les rues de la ville',
    });
    const [french] = await waitForTriage(svc, [body.id]);
    expect(french.suggestion.reasons.find((r: any) => r.code === 'wrong_language')).toMatchObject({ language: 'fr', detail: 'written in French' });
    const page = await signIn(browser, svc, await createKey(svc, 'moderator', 'Sam', ['streets']), undefined, 'en-GB');
    await page.waitForSelector('#proposal-text');
    await page.selectOption('#ui-lang', 'en');
    await page.waitForFunction(() => (globalThis as any).document.documentElement.lang === 'en');
    await keepEvidence(page, 'written-in-french', async () => {
      expect(await page.getAttribute('#proposal-text', 'lang')).toBe('fr');
      expect(await page.textContent('.meta')).toContain('in French');
      // the evidence stays in the consultation's language
      expect(await page.locator('.reason__detail', { hasText: 'written in French' }).getAttribute('lang')).toBe('en');
      await page.click('#mode-bulk');
      await page.waitForSelector('#bulk-rows tr');
      expect(await page.locator('#bulk-rows .bulk__text span', { hasText: 'Il faut planter' }).getAttribute('lang')).toBe('fr');
    });
    await page.context().close();
  });

  it('reads a German consultation in English and in German: percentages, quotation marks, "by" and participants\' words in their language', async () => {
    await svc.call('PUT', '/v1/consultations/baeume', { question: 'Wie machen wir unsere Stadt grüner?', language: 'de' });
    const { body } = await svc.call('POST', '/v1/consultations/baeume/proposals/batch', { proposals: [
      { externalId: 'b0', text: 'Wir sollten mehr Bäume an jeder Straße pflanzen' },
      { externalId: 'b1', text: 'Ihr seid alle Vollidioten und der Bürgermeister ist ein Arschloch', authorId: 'autor-1' },
    ] });
    const [planted, insult] = await waitForTriage(svc, body.items.map((i: any) => i.id));
    expect([planted.status, insult.status]).toEqual(['accepted', 'rejected']);
    const { body: later } = await svc.call('POST', '/v1/consultations/baeume/proposals', {
      externalId: 'b2', text: 'Ruft mich unter 0151 23456789 an, dann pflanzen wir mehr Bäume an jeder Straße',
    });
    expect((await waitForTriage(svc, [later.id]))[0].status).toBe('pending_review');
    await svc.call('POST', `/v1/proposals/${planted.id}/reports`, { reporterId: 't1', reason: 'offensive', comment: 'Das ist Hetze' });
    await svc.call('POST', `/v1/proposals/${insult.id}/appeals`, { authorId: 'autor-1', statement: 'Das war Satire.' });

    const page = await signIn(browser, svc, await createKey(svc, 'moderator', 'Kim', ['baeume']), undefined, 'en-GB');
    await page.waitForSelector('#proposal-text');
    await page.selectOption('#ui-lang', 'en');
    await page.waitForFunction(() => (globalThis as any).document.documentElement.lang === 'en');
    await keepEvidence(page, 'english-page-german-consultation', async () => {
      // English writes "90%", French and German "90 %"
      expect(await page.textContent('.suggestion')).toMatch(/confidence \d+%/);
      await page.waitForSelector('.similar-card');
      expect(await page.textContent('.similar-card')).toContain('Accepted — by automatic triage');
      await page.click('#nav-appeals');
      await page.waitForSelector('#appeals-view:not([hidden]) .appeal-card');
      const grounds = page.locator('.appeal-card span', { hasText: 'Das war Satire.' });
      expect(await grounds.getAttribute('lang')).toBe('de');
      await page.waitForSelector('.reported-card li');
      expect(await page.textContent('.reported-card li')).toContain('“Das ist Hetze”');
      expect(await page.locator('.reported-card li span', { hasText: 'Das ist Hetze' }).getAttribute('lang')).toBe('de');
    });
    await page.selectOption('#ui-lang', 'de');
    await keepEvidence(page, 'german-page', async () => {
      await page.waitForFunction(() => (globalThis as any).document.querySelector('.reported-card li')?.textContent.includes('„Das ist Hetze“'));
      // one word for an author's appeal, as the statement of reasons says it ("Ihre Beschwerde")
      expect(await page.textContent('#nav-appeals')).toBe('Beschwerden und Meldungen');
      await page.click('#nav-moderation');
      await page.waitForSelector('#moderation-view:not([hidden]) .similar-card');
      expect(await page.textContent('.suggestion')).toMatch(/Sicherheit \d+ %/);
      // "Vorschlag" is the proposal (as in the statement of reasons); the triage's suggestion is an "Empfehlung"
      expect(await page.textContent('#suggestion-title')).toMatch(/^Empfehlung der automatischen Prüfung: ablehnen/);
      // "von die automatische Prüfung" was the page's German
      expect(await page.textContent('.similar-card')).toContain('Angenommen — durch automatische Prüfung');
      expect(await page.textContent('#history-rows')).not.toContain('die automatische Prüfung');
    });
    await page.screenshot({ path: SHOTS + 'german-consultation-de.png', fullPage: true });
    await page.context().close();
    // the dashboard in English: an hour of the series reads "16:00", not a bare "16"
    const ops = await signIn(browser, svc, await createKey(svc, 'ops', 'Jo', ['baeume']), undefined, 'en-GB');
    await ops.selectOption('#ui-lang', 'en');
    await ops.goto(svc.base + '/#/tableau-de-bord');
    await keepEvidence(ops, 'english-dashboard', async () => {
      await ops.waitForSelector('#chart-rate tbody tr', { state: 'attached' });
      const hours = await ops.locator('#chart-rate tbody tr > :first-child').allTextContents();
      expect(hours.length).toBeGreaterThan(0);
      for (const h of hours) expect(h).toMatch(/^\d\d\/\d\d, \d\d:00$/);
    });
    await ops.context().close();
  });
});
