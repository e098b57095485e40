/**
 * axe-core (default and experimental rules) in every state of the page — sign-in, a proposal, the reject menu,
 * the shortcut help, bulk mode, the decision history, the appeals view, the dashboard, errors (a wrong key, offline,
 * a key revoked while in use) — on a desktop (1366×768) and a
 * phone (390×844); and reflow (WCAG 1.4.10): nothing scrolls sideways at 320 px in any of those states.
 * Screenshots of the states go to docs/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, SHOTS, axeViolations, horizontalOverflow, launch, newPage } from '../support/browser.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';
import { createKey, reviewQueue } from '../support/review.js';
import { URSSAF, startService, type TestService } from '../support/service.js';

const NARROW = { width: 320, height: 640 };
let redis: TestRedis;
let svc: TestService;
let browser: Browser;
let moderator: string;
let ops: string;
/** keys revoked while their moderator works, one per device (each state starts from a fresh sign-in) */
const revocable: string[] = [];
let revoked = '';

beforeAll(async () => {
  redis = await startTestRedis();
  svc = await startService(redis.url, { BRAND_NAME: 'Consultations de Ville-Exemple' });
  browser = await launch();
  const long = 'Il faut que chaque usager puisse joindre un conseiller de l’Urssaf par téléphone sans attendre plus de dix minutes, même en période de déclaration';
  await reviewQueue(svc, 'a11y', [long, 'Supprimer les pénalités de retard la première année', 'Il faut ouvrir les guichets le samedi matin',
    'Il faut ouvrir les guichets le samedi matin !', 'Il faut <b>répondre</b> aux courriels en une semaine', 'non']);
  moderator = await createKey(svc, 'moderator', 'Camille Accessible', ['a11y']);
  ops = await createKey(svc, 'ops', 'Pilotage', ['a11y']);
  for (const device of ['bureau', 'téléphone']) revocable.push(await createKey(svc, 'moderator', `Révoquée (${device})`, ['a11y']));
  const decided = (await svc.call('GET', '/v1/consultations/a11y/review/queue?limit=2')).body.items;
  await svc.call('POST', `/v1/proposals/${decided[1].id}/decision`, { outcome: 'reject', reason: 'missing_prefix', note: 'pas de « Il faut »' });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await svc?.close();
  await redis?.stop();
});

async function signedIn(viewport: { width: number; height: number }, token: string): Promise<Page> {
  const { page } = await newPage(browser, viewport);
  await page.goto(svc.base + '/');
  await page.fill('#login-token', token);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#nav:not([hidden])');
  return page;
}

/** Each state: how to reach it from a fresh signed-in page (or the sign-in page), and what marks it as reached. */
const STATES: { name: string; token: () => string | null; reach: (page: Page) => Promise<void> }[] = [
  { name: 'sign-in', token: () => null, reach: async (page) => { await page.waitForSelector('#login-view:not([hidden])'); } },
  { name: 'sign-in error', token: () => null, reach: async (page) => {
    await page.fill('#login-token', 'not-a-key');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (globalThis as any).document.getElementById('login-error')?.textContent !== '');
  } },
  { name: 'proposal', token: () => moderator, reach: async (page) => { await page.waitForSelector('#proposal-text'); await page.waitForSelector('#history-rows tr'); } },
  { name: 'reject menu', token: () => moderator, reach: async (page) => {
    await page.waitForSelector('#proposal-text');
    await page.keyboard.press('r');
    await page.waitForSelector('.reject-menu');
  } },
  { name: 'shortcut help', token: () => moderator, reach: async (page) => {
    await page.waitForSelector('#proposal-text');
    await page.keyboard.press('?');
    await page.waitForSelector('#shortcuts-help[open]');
  } },
  { name: 'bulk', token: () => moderator, reach: async (page) => {
    await page.waitForSelector('#proposal-text');
    await page.click('#mode-bulk');
    await page.waitForSelector('#bulk-rows input[type=checkbox]');
    await page.check('#bulk-all');
  } },
  { name: 'history and re-open', token: () => moderator, reach: async (page) => {
    await page.waitForSelector('#history-rows button');
    await page.click('#history-rows button');
    await page.waitForSelector('dialog.reopen[open]');
  } },
  { name: 'error', token: () => moderator, reach: async (page) => {
    await page.waitForSelector('#proposal-text');
    await page.context().setOffline(true);
    await page.keyboard.press('a');
    await page.waitForSelector('#status-box[data-kind="error"]:not([hidden])');
  } },
  { name: 'revoked key', token: () => (revoked = revocable.pop()!), reach: async (page) => {
    await page.waitForSelector('#proposal-text');
    const id = (await svc.call('GET', '/v1/session', undefined, revoked)).body.principal.id;
    expect((await svc.call('DELETE', `/v1/keys/${id}`)).status).toBe(200);
    await page.keyboard.press('s');
    await page.waitForSelector('#login-view:not([hidden])');
    await page.waitForFunction(() => (globalThis as any).document.getElementById('login-error')?.textContent !== '');
  } },
  { name: 'appeals', token: () => moderator, reach: async (page) => {
    await page.evaluate(() => { (globalThis as any).location.hash = '#/recours'; });
    await page.waitForSelector('#appeals-view:not([hidden]) #reported-list p');
  } },
  { name: 'dashboard', token: () => ops, reach: async (page) => { await page.waitForSelector('#ops-view:not([hidden]) #chart-queue svg'); } },
];

describe.each([['desktop', DESKTOP], ['phone', PHONE]] as const)('%s', (device, viewport) => {
  it.each(STATES.map((s) => [s.name, s] as const))('%s: no axe violation (experimental rules included), no sideways scroll at 320 px', async (name, state) => {
    const token = state.token();
    const page = token ? await signedIn(viewport, token) : (await newPage(browser, viewport)).page;
    if (!token) await page.goto(svc.base + '/');
    await state.reach(page);
    const violations = await axeViolations(page);
    await page.screenshot({ path: `${SHOTS}${device}-${name.replaceAll(' ', '-')}.png`, fullPage: device === 'phone' ? false : true });
    expect(violations).toEqual([]);
    await page.setViewportSize(NARROW);
    await page.waitForTimeout(100);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.context().close();
  }, 150_000);
});
