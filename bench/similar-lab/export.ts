/**
 * Exports what the offline similarity lab (bench/similar-lab/lab.py) scores, computed by the service's own
 * code: for each row of a labelled stream, its folded text, content words, Snowball stems (contentTerms) and
 * cluster (read by the lab for scoring only), the character-bigram Dice of every pair; and, as unlabelled
 * text for training word vectors, the stems of every distinct text of the CC0 "monde d'après" stream (its
 * labels are not read); and, when the Debian package mythes-fr is installed (LibreOffice's French thesaurus,
 * LGPL-2.1+), its entries with headword and synonyms folded and stemmed the same way (thesaurus.json).
 * Run: npm run build && node dist/bench/similar-lab/export.js [--stream vff-stream.csv] [--out /tmp/similar-lab]
 *      [--thesaurus /usr/share/mythes/thes_fr.dat]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  return { cluster: r.cluster, folded, words: words(folded), terms: contentTerms(folded, 'fr') };
});
const profiles = rows.map((r) => bigramProfile(r.folded));
const diceMatrix = new Float32Array(rows.length * rows.length);
profiles.forEach((a, i) => profiles.forEach((b, j) => { diceMatrix[i * rows.length + j] = dice(a, b); }));
const corpus = [...new Set(readStream('mondedapres-stream.csv').map((r) => fold(r.text)))].map((f) => contentTerms(f, 'fr'));

/** MyThes .dat: "word|n" then n lines "(pos)|syn|syn…". One entry per meaning: [head stem, pos, synonym stems in
 * the thesaurus's order]. Multi-word headwords are left out (terms are single stems); a synonym counts when its
 * folded form has exactly one content term ("en place" -> plac), phrases of several content words are dropped. */
function readThesaurus(path: string): [string, string, string[]][] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const entries: [string, string, string[]][] = [];
  let head: string | null = null;
  for (const line of lines.slice(1)) {
    if (!line) continue;
    if (!line.startsWith('(')) {
      const terms = contentTerms(fold(line.split('|')[0]!), 'fr');
      head = words(fold(line.split('|')[0]!)).length === 1 && terms.length === 1 ? terms[0]! : null;
      continue;
    }
    if (head === null) continue;
    const [pos, ...syns] = line.split('|');
    const stems: string[] = [];
    for (const syn of syns) {
      const t = contentTerms(fold(syn), 'fr');
      if (t.length === 1 && t[0] !== head && !stems.includes(t[0]!)) stems.push(t[0]!);
    }
    if (stems.length) entries.push([head, pos!.replace(/[()]/g, ''), stems]);
  }
  return entries;
}
const thesaurusPath = option('thesaurus', '/usr/share/mythes/thes_fr.dat');
const thesaurus = existsSync(thesaurusPath) ? readThesaurus(thesaurusPath) : [];

writeFileSync(join(out, 'rows.json'), JSON.stringify(rows));
writeFileSync(join(out, 'dice.f32'), Buffer.from(diceMatrix.buffer));
writeFileSync(join(out, 'corpus.json'), JSON.stringify(corpus));
writeFileSync(join(out, 'thesaurus.json'), JSON.stringify(thesaurus));
console.log(`${rows.length} rows of ${stream}, ${corpus.length} unlabelled texts, ${thesaurus.length} thesaurus meanings`
  + `${thesaurus.length ? '' : ` (${thesaurusPath} missing: apt-get install mythes-fr)`} → ${out}`);
