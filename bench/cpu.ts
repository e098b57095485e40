/**
 * `npm run bench:cpu`: what each hostile text of ≤ 5,000 characters costs a triage worker's CPU, against a typical
 * proposal measured in the same run — the hand-made ones of bench/adversarial.ts, then texts that fast-check builds
 * from the same pieces (a seeded property run). Prints a table, or with `--json` one JSON line, which the CPU budget
 * test reads (test/unit/cpu-budget.test.ts): it runs this compiled script in a plain Node process, because code
 * inside Jest's VM context pays for every global it touches (bandKeys ran 30× slower there).
 */
import fc from 'fast-check';
import { loadContentModels } from '../models/checks/content-models.js';
import { CHECKS, prepareInput } from '../models/pipeline.js';
import { Consultation } from '../models/schemas.js';
import { ADVERSARIAL, BUDGET, cpuMs, MAX, ratioOf, textWork, TYPICAL } from './adversarial.js';

const json = process.argv.includes('--json');
const FUZZ_RUNS = 40;
const consultation = Consultation.parse({
  id: 'cpu', version: 1, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
  question: 'Comment améliorer les déplacements du quotidien ?', rules: { requiredPrefix: 'Il faut', maxLength: MAX },
});
await loadContentModels();
// warm up: the first runs compile the code paths
for (let i = 0; i < 50; i++) textWork(TYPICAL, consultation);
for (const [, text] of ADVERSARIAL) textWork(text, consultation);

interface Row { name: string; chars: number; ratio: number; ms: number; typicalMs: number; slowest: string }
const rows: Row[] = [];
for (const [name, text] of ADVERSARIAL) {
  const { ratio, ms, typicalMs } = ratioOf(text, consultation);
  const input = prepareInput({ id: 'cpu~1', externalId: 'cpu-1', text }, consultation);
  const slowest = CHECKS.map((c) => ({ id: c.id, ms: cpuMs(() => c.run(input), 5) })).sort((a, b) => b.ms - a.ms)[0]!;
  rows.push({ name, chars: text.length, ratio, ms, typicalMs, slowest: `${slowest.id} ${slowest.ms.toFixed(2)} ms` });
}

// fast-check: a mixed prefix, then one unit repeated to the length (what makes patterns backtrack)
const pieces = [...new Set(ADVERSARIAL.flatMap(([, text]) => [text.slice(8, 12), text.slice(8, 9)]))];
const unit = fc.oneof(
  fc.constantFrom(...pieces),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }),
);
const hostile = fc.tuple(fc.array(unit, { maxLength: 20 }), unit, fc.integer({ min: 500, max: MAX }))
  .map(([prefix, repeated, length]) => (prefix.join('') + repeated.repeat(Math.ceil(length / repeated.length))).slice(0, length))
  .filter((t) => t.isWellFormed());
const fuzzed: Row[] = [];
const result = fc.check(fc.property(hostile, (text) => {
  const { ratio, ms, typicalMs } = ratioOf(text, consultation);
  fuzzed.push({ name: JSON.stringify(text.slice(0, 24)), chars: text.length, ratio, ms, typicalMs, slowest: '' });
  return ratio <= BUDGET;
}), { numRuns: FUZZ_RUNS, seed: 17 });
const worstFuzz = fuzzed.reduce((a, b) => (b.ratio > a.ratio ? b : a));

if (json) {
  console.log(JSON.stringify({ budget: BUDGET, rows, fuzz: { runs: fuzzed.length, failed: result.failed, worst: worstFuzz, counterexample: result.counterexample?.[0]?.slice(0, 60) ?? null } }));
} else {
  console.log(`| hostile text | chars | CPU ms | × typical | slowest check |\n|---|---|---|---|---|`);
  for (const r of rows) console.log(`| ${r.name} | ${r.chars} | ${r.ms.toFixed(2)} | ${r.ratio.toFixed(1)}× | ${r.slowest} |`);
  const worst = rows.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  console.log(`\ntypical proposal: ${median(rows.map((r) => r.typicalMs)).toFixed(3)} CPU ms; worst hand-made: ${worst.ratio.toFixed(1)}× (${worst.name})`);
  console.log(`fuzz (fast-check, seed 17): ${fuzzed.length} texts of 500–${MAX} characters, worst ${worstFuzz.ratio.toFixed(1)}× (${worstFuzz.name}…, ${worstFuzz.chars} chars)${result.failed ? ' — OVER BUDGET' : ''}`);
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
}
