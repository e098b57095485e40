/**
 * The labelled dev data of ../shared/eval (read-only, outside the repository) and its stable split: a row
 * whose externalId hashes into the training part may feed a model the project ships (models/data/); every
 * figure in docs/QUALITY.md that could be flattered by training is reported on the held-out part only.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DevRow {
  externalId: string;
  consultationId: string;
  text: string;
  expected: 'accept' | 'reject';
  reason: string;
  cluster: string;
  source: string;
}

/** The project's folder: the nearest one up with package.json, whether this file runs compiled (dist/bench/) or as
 * the source jest runs (bench/), one folder less deep. */
export const PROJECT_ROOT = (() => {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
  }
})();
/** ../shared/eval next to the project (or next to the folder of git worktrees); EVAL_DIR overrides. */
export const EVAL_DIR = process.env.EVAL_DIR
  ?? [join(PROJECT_ROOT, '..', 'shared', 'eval'), join(PROJECT_ROOT, '..', '..', 'shared', 'eval')].find((d) => existsSync(d))
  ?? join(PROJECT_ROOT, '..', 'shared', 'eval');
export const DATA_DIR = join(EVAL_DIR, 'data');

/** Training share of the split: rows whose hash falls below it. */
const TRAINING_SHARE = 0.5;

export function isTrainingRow(externalId: string): boolean {
  const h = createHash('sha256').update(externalId).digest();
  return h.readUInt32BE(0) / 2 ** 32 < TRAINING_SHARE;
}

export function readStream(file: string): DevRow[] {
  const [header, ...rows] = parseCsv(readFileSync(join(DATA_DIR, file), 'utf8'));
  if (!header) return [];
  return rows.filter((r) => r.length === header.length)
    .map((r) => Object.fromEntries(header.map((k, i) => [k, r[i]])) as unknown as DevRow);
}

/** RFC 4180: quoted fields may hold commas, newlines and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else if (c !== '\r') field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** The harness's reason match (run-eval.mjs): the expected reason, or what it accepts instead —
 * missing_prefix for wrong_language, off_topic for toxic. */
export function reasonMatches(expected: string, got: string | null): boolean {
  return got === expected || (expected === 'wrong_language' && got === 'missing_prefix') || (expected === 'toxic' && got === 'off_topic');
}

/** Only the "Le monde d'après" rows fed the corpus; every other stream is held out as a whole. */
export function isHeldOut(consultationOrStream: string, externalId: string): boolean {
  return !consultationOrStream.startsWith('mondedapres') || !isTrainingRow(externalId);
}
