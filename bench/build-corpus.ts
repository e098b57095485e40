/**
 * Builds models/data/fr-proposals.txt, the French corpus the incomprehensible check learns from: accepted
 * proposals of the CC0 "Le monde d'après" open data (Make.org, via ../shared/eval/data), training part of the
 * stable split only (bench/dev-data.ts), one per line, deduplicated. Run: npm run build && node dist/bench/build-corpus.js
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeText } from '../models/text/normalize.js';
import { isTrainingRow, readStream } from './dev-data.js';

const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), 'models', 'data', 'fr-proposals.txt');
const lines = new Set<string>();
for (const row of readStream('mondedapres-stream.csv')) {
  if (row.expected === 'accept' && row.source === 'real:makeorg-mondedapres' && isTrainingRow(row.externalId)) {
    lines.add(normalizeText(row.text).replace(/\n/g, ' '));
  }
}
writeFileSync(out, [...lines].sort().join('\n') + '\n');
console.log(`${lines.size} proposals → ${out}`);
