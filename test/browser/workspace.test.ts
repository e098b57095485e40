/**
 * The web page in a real browser (Debian's chromium driven by playwright-core): sign-in, keyboard work through
 * a queue, bulk decisions, undo, hostile text, two moderators at once, the ops dashboard. Screenshots of the
 * main screens go to docs/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { SHOTS, launch, newPage, shownText, signIn as openAs, waitForOther } from '../support/browser.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';
import { createKey, reviewQueue } from '../support/review.js';
import { URSSAF, startService, type TestService } from '../support/service.js';

jest.setTimeout(180_000);

let redis: TestRedis;
let svc: TestService;
let browser: Browser;

beforeAll(async () => {
  redis = await startTestRedis();
  svc = await startService(redis.url);
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await svc.close();
  await redis.stop();
});

const signIn = (token: string) => openAs(browser, svc, token, { width: 1440, height: 1000 });
const proposal = async (id: string) => (await svc.call('GET', `/v1/proposals/${id}`)).body;
const texts = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `Il faut ${prefix} numéro ${i + 1} pour les usagers de l'Urssaf`);

describe('moderator workspace in the browser', () => {
  it('signs in and works through the queue with the keyboard, then undoes the last decision', async () => {
    const items = await reviewQueue(svc, 'clavier', [
      ...texts('simplifier la déclaration', 2), 'Supprimer les pénalités de retard la première année', ...texts('ouvrir les guichets', 2),
    ]);
    const token = await createKey(svc, 'moderator', 'Camille Modératrice', ['clavier']);
    const { context, page: login } = await newPage(browser);
    await login.goto(svc.base + '/');
    await login.waitForSelector('#login-view:not([hidden])');
    expect(await login.isVisible('#nav')).toBe(false);
    await context.close();

    const page = await signIn(token);
    await page.waitForSelector('#proposal-text');
    expect(await shownText(page)).toBe(items[0].text);
    expect(await page.textContent('#queue-total')).toBe('5');

    await page.keyboard.press('a');
    await waitForOther(page, items[0].text);
    expect((await proposal(items[0].id)).status).toBe('accepted');
    expect(await shownText(page)).toBe(items[1].text);

    await page.keyboard.press('s');
    await waitForOther(page, items[1].text);
    expect(await shownText(page)).toBe(items[2].text);
    expect(await page.textContent('#suggestion-title')).toContain('refuser');
    expect(await page.textContent('#suggestion-title')).toContain('Sans la formule d’ouverture');
    await page.keyboard.press('r');
    await page.waitForSelector('.reject-menu');
    await page.keyboard.press('3');
    await waitForOther(page, items[2].text);
    expect((await proposal(items[2].id)).decision).toMatchObject({ outcome: 'reject', reason: 'missing_prefix' });

    await page.keyboard.press('k');
    await page.waitForSelector('.badge--rejected');
    expect(await shownText(page)).toBe(items[2].text);
    await page.keyboard.press('j');
    await waitForOther(page, items[2].text);
    expect(await shownText(page)).toBe(items[3].text);

    await page.keyboard.press('r');
    await page.keyboard.press('Escape');
    await page.keyboard.press('n');
    await page.keyboard.type('doublon de la 4');
    await page.keyboard.press('Escape');
    await page.keyboard.press('r');
    await page.keyboard.press('7');
    await waitForOther(page, items[3].text);
    expect((await proposal(items[3].id)).decision).toMatchObject({ reason: 'duplicate', note: 'doublon de la 4' });

    await page.keyboard.press('u');
    await page.waitForFunction((t) => (globalThis as any).document.getElementById('proposal-text')?.textContent === t, items[3].text);
    const undone = await proposal(items[3].id);
    expect(undone.status).toBe('pending_review');
    await page.waitForSelector('#history-rows .badge--undone');
    const history = await page.textContent('#history-rows');
    expect(history).toContain('Annulée');
    expect(history).toContain('vous');
  });

  it('shows the evidence: matched words highlighted, earlier similar proposals with their decisions', async () => {
    const [original] = await reviewQueue(svc, 'preuves', ['Il faut ouvrir les guichets le samedi matin'], 'o');
    expect((await svc.call('POST', `/v1/proposals/${original.id}/decision`, { outcome: 'accept' })).status).toBe(200);
    await reviewQueue(svc, 'preuves', ['Il faut ouvrir les guichets le samedi matin !', 'Selon moi il faut rembourser les trop-perçus plus vite'], 'n');
    const page = await signIn(await createKey(svc, 'moderator', 'Fatou', ['preuves']));
    await page.waitForSelector('.similar-card');
    expect(await page.textContent('.similar-card')).toContain(original.text);
    expect(await page.textContent('.similar-card')).toContain('Acceptée');
    expect(await page.textContent('#suggestion-title')).toContain('Doublon');
    await page.screenshot({ path: SHOTS + 'similar.png', fullPage: true });
    await page.keyboard.press('s');
    await page.waitForSelector('#proposal-text mark');
    expect(await page.locator('#proposal-text mark').allTextContents()).toEqual(['il faut']);
    await page.screenshot({ path: SHOTS + 'evidence.png' });
  });

  it('shows hostile text as text, never as HTML', async () => {
    const payloads: [string, string] = [
      'Il faut <img src=x onerror="window.__xss=1"> des guichets ouverts',
      'Il faut <script>window.__xss=2</script> simplifier les formulaires',
    ];
    const items = await reviewQueue(svc, 'hostile', payloads);
    const page = await signIn(await createKey(svc, 'moderator', 'Dominique', ['hostile']));
    await page.waitForSelector('#proposal-text');
    expect(await shownText(page)).toBe(payloads[0]);
    await page.keyboard.press('s');
    await waitForOther(page, payloads[0]);
    expect(await shownText(page)).toBe(payloads[1]);
    await page.screenshot({ path: SHOTS + 'hostile-text.png' });
    await page.keyboard.press('k');
    await page.waitForFunction((t) => (globalThis as any).document.getElementById('proposal-text')?.textContent === t, payloads[0]);
    expect(await page.evaluate(() => (globalThis as any).__xss)).toBeUndefined();
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(items).toHaveLength(2);
  });

  it('accepts a selection in bulk and undoes the batch', async () => {
    const items = await reviewQueue(svc, 'lot', [...texts('réduire les délais', 4), 'non']);
    const page = await signIn(await createKey(svc, 'moderator', 'Élise', ['lot']));
    await page.waitForSelector('#proposal-text');
    await page.click('#mode-bulk');
    await page.selectOption('#filter-suggestion', 'accept');
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('#bulk-rows input[type=checkbox]').length === 4);
    await page.check('#bulk-all');
    await page.click('#bulk-accept');
    await page.waitForSelector('#bulk-undo');
    expect(await page.textContent('#status')).toContain('4 décision(s) prise(s) : Acceptée');
    for (const p of items.slice(0, 4)) expect((await proposal(p.id)).status).toBe('accepted');
    expect((await proposal(items[4].id)).status).toBe('pending_review');

    await page.click('#bulk-undo');
    await page.waitForFunction(() => (globalThis as any).document.getElementById('status')?.textContent?.includes('4 décision(s) annulée(s)'));
    for (const p of items.slice(0, 4)) expect((await proposal(p.id)).status).toBe('pending_review');
  });

  it('never gives two moderators the same proposal', async () => {
    await reviewQueue(svc, 'duo', texts('mieux informer', 6));
    const [tokenA, tokenB] = await Promise.all([createKey(svc, 'moderator', 'A', ['duo']), createKey(svc, 'moderator', 'B', ['duo'])]);
    const [a, b] = await Promise.all([signIn(tokenA), signIn(tokenB)]);
    await Promise.all([a.waitForSelector('#proposal-text'), b.waitForSelector('#proposal-text')]);
    const seenA = [await shownText(a)];
    const seenB = [await shownText(b)];
    for (let i = 0; i < 2; i++) {
      const [prevA, prevB] = [seenA.at(-1)!, seenB.at(-1)!];
      await Promise.all([a.keyboard.press('a'), b.keyboard.press('a')]);
      await Promise.all([waitForOther(a, prevA), waitForOther(b, prevB)]);
      seenA.push(await shownText(a));
      seenB.push(await shownText(b));
    }
    expect(new Set([...seenA, ...seenB]).size).toBe(6);
    // B's queue counts show A's proposal as under review (counts refresh after each decision and periodically)
    await b.waitForFunction(() => (globalThis as any).document.getElementById('queue-leased')?.textContent?.includes('en cours'), undefined, { timeout: 20000 });

    // closing the page gives its proposal back at once (no waiting for the lease to expire)
    const leaseOfA = async () => (await svc.call('GET', '/v1/consultations/duo/review/queue')).body.items.find((p: any) => p.text === seenA.at(-1)).lease;
    expect(await leaseOfA()).not.toBeNull();
    await a.close({ runBeforeUnload: true });
    for (let i = 0; i < 50 && (await leaseOfA()) !== null; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await leaseOfA()).toBeNull();
  });

  it('renders the ops dashboard', async () => {
    await svc.call('PUT', '/v1/consultations/pilotage', URSSAF);
    await svc.call('POST', '/v1/consultations/pilotage/proposals/batch', {
      proposals: [...texts('former les conseillers', 5), 'court', 'Mettre en place un numéro unique', 'Il faut former les conseillers numéro 1 pour les usagers de l\'Urssaf']
        .map((text, i) => ({ externalId: `d${i}`, text })),
    });
    const page = await signIn(await createKey(svc, 'ops', 'Pilotage', ['pilotage']));
    await page.waitForSelector('#ops-view:not([hidden]) #chart-reasons svg');
    const tiles = await page.textContent('#ops-tiles');
    expect(tiles).toContain('Taux de refus');
    expect(await page.locator('#ops-view svg').count()).toBeGreaterThanOrEqual(3);
    expect(await page.textContent('#chart-reasons')).toContain('Doublon');
    // the hourly series is /stats' timeline (8 automatic decisions, 3 rejections, all in the current hour)
    await page.waitForSelector('#chart-rate circle.line--rate');
    const hours = await page.locator('#chart-rate tbody tr').allTextContents();
    const { body: stats } = await svc.call('GET', '/v1/consultations/pilotage/stats?window=24h');
    expect(hours).toHaveLength(stats.timeline.length);
    expect(hours.filter((row) => !row.endsWith('00–0'))).toEqual([expect.stringMatching(/h83\s*38 %8$/)]);
    expect(await page.isHidden('#nav-moderation')).toBe(true);
  });
});
