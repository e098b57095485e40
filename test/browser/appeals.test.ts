/**
 * Appeals and reports in a real browser (Debian's chromium driven by playwright-core): the reports shown beside
 * a proposal sent back to review, the appeal queue, an appeal the refusing moderator cannot decide and another
 * one overturns, and the reported proposals list. Screenshots as in workspace.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestRedis, type TestRedis } from '../support/redis.js';
import { createKey } from '../support/review.js';
import { URSSAF, startService, waitForTriage, type TestService } from '../support/service.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SHOTS = process.env.SCREENSHOTS === '1'
  ? new URL('../../docs/screenshots/', import.meta.url).pathname
  : join(tmpdir(), 'triage-screenshots/');

let redis: TestRedis;
let svc: TestService;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  redis = await startTestRedis();
  svc = await startService(redis.url);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});
afterAll(async () => {
  await browser?.close();
  await svc.close();
  await redis.stop();
});

async function signIn(token: string, hash = ''): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'fr-FR' });
  const page = await context.newPage();
  page.on('pageerror', (err) => { throw err; });
  await page.goto(`${svc.base}/${hash}`);
  await page.fill('#login-token', token);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#nav:not([hidden])');
  return page;
}

describe('appeals and reports in the browser', () => {
  it('shows the reports of a proposal back in review, and lets another moderator decide an appeal', async () => {
    await svc.call('PUT', '/v1/consultations/recours', { ...URSSAF, reportThreshold: 2 });
    const submitted = await svc.call('POST', '/v1/consultations/recours/proposals/batch', { proposals: [
      { externalId: 'publiee', text: 'Il faut rendre les transports gratuits pour les apprentis' },
      { externalId: 'refusee', text: 'Il faut x', authorId: 'auteur-1' },
    ] });
    const [published, refused] = await waitForTriage(svc, submitted.body.items.map((i: any) => i.id));
    expect([published.status, refused.status]).toEqual(['accepted', 'rejected']);
    for (const [reporterId, reason, comment] of [['p1', 'offensive', 'Propos <b>blessants</b>'], ['p2', 'spam', undefined]]) {
      expect((await svc.call('POST', `/v1/proposals/${published.id}/reports`, { reporterId, reason, ...(comment ? { comment } : {}) })).status).toBe(201);
    }
    expect((await svc.call('POST', `/v1/proposals/${refused.id}/appeals`, { authorId: 'auteur-1', statement: 'Ma proposition était <script>claire</script>.' })).status).toBe(201);

    const camille = await createKey(svc, 'moderator', 'Camille', ['recours']);
    // the reported proposal is back in the review queue, its reports beside it
    const page = await signIn(camille);
    await page.waitForSelector('#proposal-text');
    expect(await page.textContent('#proposal-text')).toBe(published.text);
    await page.waitForSelector('.reports-note li');
    const note = await page.textContent('.reports-note');
    expect(note).toContain('Signalée par 2 participants');
    expect(note).toContain('Propos <b>blessants</b>');
    expect(await page.$('.reports-note b')).toBeNull();
    await page.screenshot({ path: SHOTS + 'reported-in-review.png', fullPage: true });

    // the appeal queue: an automatic refusal, so Camille may decide it
    await page.click('#nav-appeals');
    await page.waitForSelector('#appeals-view:not([hidden]) .appeal-card');
    const card = await page.textContent('.appeal-card');
    expect(card).toContain('Ma proposition était <script>claire</script>.');
    expect(card).toContain('refusée automatiquement');
    expect(card).not.toMatch(/contrôle|length|prefix/);
    expect(await page.textContent('.reported-card')).toContain('2 signalements');
    await page.screenshot({ path: SHOTS + 'appeals.png', fullPage: true });
    await page.click('.appeal-card button:has-text("Accepter la proposition")');
    await page.waitForSelector('#appeals-list >> text=Aucun recours en attente.');
    expect((await svc.call('GET', `/v1/proposals/${refused.id}`)).body).toMatchObject({ status: 'accepted', decision: { decidedBy: expect.any(String) } });
  });

  it('tells the moderator who refused that another one must decide the appeal', async () => {
    await svc.call('PUT', '/v1/consultations/recours2', { ...URSSAF, policy: { ...URSSAF.policy, mode: 'review_all' } });
    const submitted = await svc.call('POST', '/v1/consultations/recours2/proposals', { externalId: 'r2', text: 'Il faut une proposition refusée par Dominique' });
    await waitForTriage(svc, [submitted.body.id]);
    const dominique = await createKey(svc, 'moderator', 'Dominique', ['recours2']);
    const decided = await svc.call('POST', `/v1/proposals/${submitted.body.id}/decision`, { outcome: 'reject', reason: 'off_topic' }, dominique);
    expect(decided.status).toBe(200);
    const me = decided.body.decision.decidedBy;
    expect((await svc.call('POST', `/v1/proposals/${submitted.body.id}/appeals`, { statement: 'Elle est dans le sujet.' })).status).toBe(201);
    const page = await signIn(dominique, '#/recours');
    await page.waitForSelector('.appeal-card');
    expect(await page.textContent('.appeal-card')).toContain('un autre modérateur doit examiner le recours');
    // the refusal is mine: said so, not with my key id
    expect(await page.textContent('.appeal-card')).toContain('par vous');
    expect(await page.textContent('.appeal-card')).not.toContain(me);
    expect(await page.$('.appeal-card button')).toBeNull();
  });
});
