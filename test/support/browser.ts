/** Headless Chromium (Debian's, driven by playwright-core) for the web page's tests, and what they share:
 * signing in, waiting for the next proposal, axe-core injected into the page, screenshots. */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestService } from './service.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

/** Screenshots go to docs/screenshots/ when SCREENSHOTS=1 (to refresh the committed ones), else to a temp
 * folder, so that a test run leaves the work tree clean. */
export const SHOTS = process.env.SCREENSHOTS === '1'
  ? new URL('../../docs/screenshots/', import.meta.url).pathname
  : join(tmpdir(), 'triage-screenshots/');
mkdirSync(SHOTS, { recursive: true });

export const launch = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: FLAGS });

export async function newPage(browser: Browser, viewport = DESKTOP, locale = 'fr-FR'): Promise<{ context: BrowserContext; page: Page }> {
  // bypassCSP: axe-core is injected as an inline script (the page's own CSP forbids those, as it should)
  const context = await browser.newContext({ viewport, locale, bypassCSP: true, ...(viewport.width < 600 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
  const page = await context.newPage();
  page.on('pageerror', (err) => { throw err; });
  if (process.env.DEBUG_PAGE) page.on('console', (m) => console.log(`[page] ${m.text()}`));
  return { context, page };
}

export async function signIn(browser: Browser, svc: TestService, token: string, viewport = DESKTOP, locale = 'fr-FR'): Promise<Page> {
  const { page } = await newPage(browser, viewport, locale);
  await page.goto(svc.base + '/');
  await page.fill('#login-token', token);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#nav:not([hidden])');
  return page;
}

export const shownText = (page: Page) => page.textContent('#proposal-text');

/** Waits until the proposal on screen is another one (or the queue is empty). */
export async function waitForOther(page: Page, previous: string | null): Promise<void> {
  await page.waitForFunction((prev) => {
    const d = (globalThis as any).document;
    return (d.getElementById('proposal-text')?.textContent ?? null) !== prev || d.querySelector('#current .empty') !== null;
  }, previous);
}

export async function waitForText(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => (globalThis as any).document.getElementById('proposal-text')?.textContent === t, text);
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core with its experimental rules as well as the default ones (WCAG 2.x A/AA and best practices). */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const experimental = axe.getRules(['experimental']).map((r: any) => r.ruleId);
    const result = await axe.run((globalThis as any).document, {
      rules: Object.fromEntries(experimental.map((id: string) => [id, { enabled: true }])),
      resultTypes: ['violations'],
    });
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')) }));
  });
}

/** The page is no wider than the viewport (WCAG 1.4.10 reflow): nothing scrolls sideways. */
export const horizontalOverflow = (page: Page) => page.evaluate(() => {
  const d = (globalThis as any).document.documentElement;
  return d.scrollWidth - d.clientWidth;
});

/** Is the proposal's text inside the viewport (its whole bounding box)? */
export const textInView = (page: Page) => page.evaluate(() => {
  const el = (globalThis as any).document.getElementById('proposal-text');
  if (!el) return false;
  const box = el.getBoundingClientRect();
  return box.height > 0 && box.top >= 0 && box.bottom <= (globalThis as any).innerHeight;
});
