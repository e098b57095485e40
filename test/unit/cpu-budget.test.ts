/**
 * The CPU budget of one proposal: no text intake accepts (≤ 5,000 characters) costs the triage worker more than 20
 * typical proposals — every check, the normalisation and the lexical fingerprints linear in the text's length, no
 * pattern that backtracks. The measurement is bench/cpu.ts, run compiled in a plain Node process (Jest's VM context
 * slows code that touches globals, which would measure Jest): hand-made hostile texts (bench/adversarial.ts) and a
 * seeded fast-check run over texts built from the same pieces, each in CPU time relative to a typical proposal
 * measured in the same run, interleaved, as medians, measured again when over budget.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

interface Row { name: string; chars: number; ratio: number }
interface Report { budget: number; rows: Row[]; fuzz: { runs: number; failed: boolean; worst: Row; counterexample: string | null } }

let report: Report;

beforeAll(() => {
  const run = spawnSync(process.execPath, [resolve('dist/bench/cpu.js'), '--json'], { encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0) throw new Error(`bench/cpu.js exited with ${run.status}: ${run.stderr}`);
  report = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Report;
}, 600_000);

describe('CPU budget per proposal', () => {
  test('every hand-made hostile text of ≤ 5,000 characters costs at most 20 typical proposals', () => {
    expect(report.rows.length).toBeGreaterThan(40);
    for (const row of report.rows) expect(row.chars).toBeLessThanOrEqual(5000);
    expect(report.rows.filter((r) => r.ratio > report.budget).map((r) => `${r.name}: ${r.ratio.toFixed(1)}×`)).toEqual([]);
  });

  test('fuzz: 40 texts built by fast-check cost at most 20 typical proposals', () => {
    console.info(`fuzz: ${report.fuzz.runs} texts, worst ${report.fuzz.worst.ratio.toFixed(1)}× (${report.fuzz.worst.name}…)`);
    expect(report.fuzz.counterexample).toBeNull();
    expect(report.fuzz.failed).toBe(false);
    expect(report.fuzz.runs).toBeGreaterThanOrEqual(40);
  });
});
