/**
 * A moderator's session on real data: 50 proposals of the vff stream (../shared/eval, review_all, every check on)
 * cleared with the keyboard only at 1366×768, then the next 50 on a phone (390×844). The moderator plays the
 * ground truth: `a` for what should be accepted, `r` `Entrée` for every refusal — never picking a reason by hand,
 * so the reason filed is the one the page pre-selects. At every decision the proposal's text must be inside the
 * viewport (its bounding box). Skipped when the dev data is not next to the project.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DATA_DIR, readStream, type DevRow } from '../../bench/dev-data.js';
import { DESKTOP, PHONE, SHOTS, launch, newPage, shownText, textInView, waitForOther } from '../support/browser.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';
import { createKey } from '../support/review.js';
import { startService, waitForTriage, type TestService } from '../support/service.js';

const STREAM = 'vff-stream.csv';
const present = existsSync(join(DATA_DIR, STREAM)) && existsSync(join(DATA_DIR, 'consultations.json'));
const PER_SCREEN = 50;

let redis: TestRedis;
let svc: TestService;
let browser: Browser;
let rows: DevRow[] = [];
const byText = new Map<string, DevRow>();
const idOf = new Map<string, string>();

interface Step { externalId: string; expected: DevRow; key: 'a' | 'r Enter'; inView: boolean }

(present ? describe : describe.skip)('clearing the vff queue with the keyboard only', () => {
  beforeAll(async () => {
    rows = readStream(STREAM).slice(0, 2 * PER_SCREEN);
    const consultation = JSON.parse(readFileSync(join(DATA_DIR, 'consultations.json'), 'utf8')).find((c: any) => c.id === 'vff');
    redis = await startTestRedis();
    svc = await startService(redis.url);
    browser = await launch();
    const { id: _id, ...body } = consultation;
    expect((await svc.call('PUT', '/v1/consultations/vff', { ...body, policy: { mode: 'review_all' } })).status).toBe(201);
    const res = await svc.call('POST', '/v1/consultations/vff/proposals/batch', { proposals: rows.map((r) => ({ externalId: r.externalId, text: r.text })) });
    await waitForTriage(svc, res.body.items.map((i: any) => i.id), 120_000);
    res.body.items.forEach((item: any, i: number) => { idOf.set(rows[i]!.externalId, item.id); byText.set(rows[i]!.text, rows[i]!); });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await svc?.close();
    await redis?.stop();
  });

  async function clear(page: Page, n: number, shot: string): Promise<Step[]> {
    const steps: Step[] = [];
    await page.waitForSelector('#proposal-text');
    for (let i = 0; i < n; i++) {
      const text = (await shownText(page))!;
      const row = byText.get(text);
      if (!row) throw new Error(`unexpected proposal on screen: ${text}`);
      let inView = await textInView(page);
      if (i === 3) await page.screenshot({ path: SHOTS + shot });
      if (row.expected === 'accept') {
        await page.keyboard.press('a');
      } else {
        await page.keyboard.press('r');
        await page.waitForSelector('.reject-menu');
        // opening the menu must not move the text out of view either
        inView &&= await textInView(page);
        await page.keyboard.press('Enter');
      }
      steps.push({ externalId: row.externalId, expected: row, key: row.expected === 'accept' ? 'a' : 'r Enter', inView });
      await waitForOther(page, text);
    }
    return steps;
  }

  async function outcome(steps: Step[]) {
    const decided = await Promise.all(steps.filter((s) => s.key === 'r Enter').map(async (s) => (await svc.call('GET', `/v1/proposals/${idOf.get(s.externalId)}`)).body));
    const refusals = decided.map((p, i) => ({ p, row: steps.filter((s) => s.key === 'r Enter')[i]!.expected }));
    const right = refusals.filter(({ p, row }) => p.decision?.reason === row.reason);
    // what the page controls: Entrée files the suggestion's main reason, which is right whenever a check reported it
    const reported = refusals.filter(({ p, row }) => p.suggestion.reasons.some((r: any) => r.code === row.reason));
    const rightWhenReported = reported.filter(({ p, row }) => p.decision?.reason === row.reason);
    const filedMain = refusals.filter(({ p }) => p.decision?.reason === p.suggestion.mainReason);
    return { refusals: refusals.length, right: right.length, reported: reported.length, rightWhenReported: rightWhenReported.length, filedMain: filedMain.length,
      wrong: refusals.filter((r) => !right.includes(r)).map(({ p, row }) => `${row.externalId} expected ${row.reason}, filed ${p.decision?.reason}`) };
  }

  it.each([['desktop 1366×768', DESKTOP, 'run-desktop.png'], ['phone 390×844', PHONE, 'run-phone.png']] as const)('%s: 50 decisions, the text in view at each, r Entrée files the right reason', async (_name, viewport, shot) => {
    const token = await createKey(svc, 'moderator', `Modératrice ${viewport.width}`, ['vff']);
    const { context, page } = await newPage(browser, viewport);
    await page.goto(svc.base + '/');
    await page.waitForSelector('#login-token:focus');
    await page.keyboard.type(token);
    await page.keyboard.press('Enter');
    const started = Date.now();
    const steps = await clear(page, PER_SCREEN, shot);
    const seconds = (Date.now() - started) / 1000;
    const result = await outcome(steps);
    console.log(`${_name}: ${steps.filter((s) => s.inView).length}/${steps.length} decisions with the text in view; ` +
      `${result.right}/${result.refusals} refusals filed with the right reason (${result.rightWhenReported}/${result.reported} of those a check reported); ` +
      `${result.filedMain}/${result.refusals} filed the main reason; ${seconds.toFixed(1)} s. Wrong: ${result.wrong.join('; ') || 'none'}`);
    expect(steps.filter((s) => !s.inView)).toEqual([]);
    expect(steps).toHaveLength(PER_SCREEN);
    expect(result.filedMain).toBe(result.refusals);
    // the figure: the right reason for ≥ 90 % of the refusals, whatever the checks reported
    expect(result.right / result.refusals).toBeGreaterThanOrEqual(0.9);
    await context.close();
  }, 300_000);
});
