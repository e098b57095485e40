/** Headless Chromium (Debian's, driven by playwright-core) for the web page's tests, and what they share:
 * signing in, waiting for the next proposal, axe-core injected into the page, screenshots. */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
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
  await context.addInitScript(recordKeys, RECENT);
  const page = await context.newPage();
  page.on('pageerror', (err) => { throw err; });
  if (process.env.DEBUG_PAGE) page.on('console', (m) => console.log(`[page] ${m.text()}`));
  recordTraffic(page);
  return { context, page };
}

/** Failure evidence (see `keepEvidence`): screenshots of failed steps go here, never beside the committed ones. */
export const FAILURES = join(tmpdir(), 'triage-failures/');
/** how many of the last keys and requests the evidence shows */
const RECENT = 40;

/** In the page, before its own scripts: every key, what it reached and whether it repeats (capture phase, so a
 * listener that stops it does not hide it). */
function recordKeys(recent: number): void {
  const g = globalThis as any;
  g.__keys = [];
  g.addEventListener('keydown', (e: any) => {
    const el = e.target;
    g.__keys.push(`${Math.round(g.performance.now())} ms ${e.key}${e.repeat ? ' (repeat)' : ''} → ${el?.tagName ?? '?'}${el?.id ? '#' + el.id : ''}`);
    if (g.__keys.length > recent) g.__keys.shift();
  }, true);
}

const traffic = new WeakMap<Page, { log: string[]; inFlight: Map<Request, number> }>();
const described = (request: Request) => `${request.method()} ${new URL(request.url()).pathname}`;

/** The page's calls to the service (method, path, status, duration) and those still unanswered, failed requests
 * and console errors. */
function recordTraffic(page: Page): void {
  const log: string[] = [];
  const inFlight = new Map<Request, number>();
  traffic.set(page, { log, inFlight });
  const keep = (line: string) => { log.push(`${new Date().toISOString().slice(11, 23)} ${line}`); if (log.length > RECENT) log.shift(); };
  // the page's own files say nothing
  const ofService = (request: Request) => new URL(request.url()).pathname.startsWith('/v1/');
  page.on('request', (request) => { if (ofService(request)) inFlight.set(request, Date.now()); });
  page.on('requestfinished', async (request) => {
    if (!inFlight.delete(request)) return;
    const response = await request.response().catch(() => null);
    keep(`${described(request)} ${response?.status() ?? '?'} ${Math.round(request.timing().responseEnd)} ms`);
  });
  page.on('requestfailed', (request) => { inFlight.delete(request); keep(`${described(request)} failed: ${request.failure()?.errorText}`); });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') keep(`console ${m.type()}: ${m.text()}`); });
}

function trafficLines(page: Page): string[] {
  const { log = [], inFlight = new Map<Request, number>() } = traffic.get(page) ?? {};
  return [`requests and console (last ${RECENT}):`, ...log,
    ...[...inFlight].map(([request, since]) => `unanswered for ${Date.now() - since} ms: ${described(request)}`)];
}

/** What the page shows and where its keys go: the focused element, the status line, the proposal on screen, the
 * shortcuts' switches, the last keys it received. */
const pageState = (page: Page) => page.evaluate(() => {
  const d = (globalThis as any).document;
  const el = d.activeElement;
  const text = (id: string) => d.getElementById(id)?.textContent?.trim() ?? null;
  return {
    focus: el ? `${el.tagName}${el.id ? '#' + el.id : ''}${el.name ? `[name=${el.name}]` : ''}${el.closest('[hidden]') ? ' (inside a hidden element)' : ''}` : null,
    pageHasFocus: d.hasFocus(),
    views: ['login-view', 'moderation-view', 'appeals-view', 'ops-view'].filter((id) => d.getElementById(id)?.hidden === false),
    status: text('status-text'),
    spoken: text('status'),
    proposal: text('proposal-text'),
    lease: text('lease-line'),
    current: text('current')?.slice(0, 300),
    shortcutsOn: d.getElementById('shortcuts-on')?.checked ?? null,
    shortcutsPaused: d.getElementById('shortcuts-paused') ? !d.getElementById('shortcuts-paused').hidden : null,
    helpOpen: d.getElementById('shortcuts-help')?.open ?? null,
    keys: (globalThis as any).__keys ?? [],
  };
});

/** Runs a test's steps; if one fails, the error carries what the page looked like: a screenshot under FAILURES,
 * the page's state (`pageState`), its recent requests and console errors, and `more()` (what the service says). */
export async function keepEvidence<T>(page: Page, name: string, steps: () => Promise<T>, more?: () => Promise<unknown>): Promise<T> {
  try {
    return await steps();
  } catch (err) {
    mkdirSync(FAILURES, { recursive: true });
    const shot = join(FAILURES, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.png`);
    const lines = [
      await page.screenshot({ path: shot, fullPage: true }).then(() => `screenshot: ${shot}`, (e) => `no screenshot: ${e}`),
      await pageState(page).then((s) => `page: ${JSON.stringify(s, null, 1)}`, (e) => `page state unreadable: ${e}`),
      ...trafficLines(page),
      ...(more ? [await more().then((m) => `service: ${JSON.stringify(m)}`, (e) => `service unreadable: ${e}`)] : []),
    ];
    const evidence = `\n--- evidence of "${name}" ---\n${lines.join('\n')}`;
    if (err instanceof Error) {
      err.message += evidence;
      throw err;
    }
    throw new Error(String(err) + evidence);
  }
}

export async function signIn(browser: Browser, svc: TestService, token: string, viewport = DESKTOP, locale = 'fr-FR'): Promise<Page> {
  const { page } = await newPage(browser, viewport, locale);
  await page.goto(svc.base + '/');
  await page.fill('#login-token', token);
  await page.click('#login-form button[type=submit]');
  await keepEvidence(page, 'sign-in', () => page.waitForSelector('#nav:not([hidden])'));
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
