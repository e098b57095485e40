/**
 * Exports what the offline similarity lab (bench/similar-lab/lab.py) scores, computed by the service's own
 * code: for each row of a labelled stream, its folded text, content words, Snowball stems (contentTerms) and
 * cluster (read by the lab for scoring only), the character-bigram Dice of every pair; and, as unlabelled
 * text for training word vectors, the stems of every distinct text of the CC0 "monde d'après" stream (its
 * labels are not read).
 * Run: npm run build && node dist/bench/similar-lab/export.js [--stream vff-stream.csv] [--out /tmp/similar-lab]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bigramProfile, contentTerms, dice } from '../../models/similarity/features.js';
import { foldText, normalizeText, words } from '../../models/text/normalize.js';
import { readStream } from '../dev-data.js';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}
const stream = option('stream', 'vff-stream.csv');
const out = option('out', '/tmp/similar-lab');
mkdirSync(out, { recursive: true });

const fold = (text: string) => foldText(normalizeText(text));
const rows = readStream(stream).map((r) => {
  const folded = fold(r.text);
  return { cluster: r.cluster, folded, words: words(folded), terms: contentTerms(folded) };
});
const profiles = rows.map((r) => bigramProfile(r.folded));
const diceMatrix = new Float32Array(rows.length * rows.length);
profiles.forEach((a, i) => profiles.forEach((b, j) => { diceMatrix[i * rows.length + j] = dice(a, b); }));
const corpus = [...new Set(readStream('mondedapres-stream.csv').map((r) => fold(r.text)))].map((f) => contentTerms(f));

writeFileSync(join(out, 'rows.json'), JSON.stringify(rows));
writeFileSync(join(out, 'dice.f32'), Buffer.from(diceMatrix.buffer));
writeFileSync(join(out, 'corpus.json'), JSON.stringify(corpus));
console.log(`${rows.length} rows of ${stream}, ${corpus.length} unlabelled texts → ${out}`);
