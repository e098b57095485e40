/**
 * A smoke stream for a consultation the service was never tuned on: the Urssaf consultation of ../shared/seed (the
 * report this service comes from). Its 30 idea titles, as "Il faut …" proposals, are the accepts; proposals accepted
 * in the vff consultation (violence against women) are off topic there. Small and partly synthetic: a sanity check
 * of the cold start on a new subject, not a quality figure.
 *   node dist/bench/seed-stream.js OUT_DIR [OFF_TOPIC=12]
 *   node ../shared/eval/run-eval.mjs --base … --token … --data OUT_DIR --stream urssaf-stream.csv
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVAL_DIR, readStream } from './dev-data.js';

const [out, offTopicArg] = process.argv.slice(2);
if (!out) throw new Error('usage: node dist/bench/seed-stream.js OUT_DIR [OFF_TOPIC]');
const OFF_TOPIC = Number(offTopicArg ?? 12);
const QUESTION = "Comment améliorer l'accompagnement et les services de l'Urssaf pour ses usagers ?";

const seedDir = join(EVAL_DIR, '..', 'seed');
const report = readdirSync(seedDir).map((f) => readFileSync(join(seedDir, f), 'utf8')).join('\n').split('\n').map((l) => l.trim());
// The ideas are listed under six theme headings, from "Contacts utilisateurs" to the legend of the markers.
const THEMES = new Set(['Contacts utilisateurs', 'Organisation URSSAF', 'Numérique', 'Changements légaux', 'Gestion de la cotisation', 'Accompagnement']);
const from = report.indexOf('Contacts utilisateurs');
const to = report.findIndex((l) => l.startsWith('- Idée prépondérante'));
const ideas = report.slice(from, to).map((l) => l.replace(/^[⚡●]\s*/u, '')).filter((l) => l !== '' && !THEMES.has(l));
const accepts = ideas.map((t) => `Il faut ${t[0]!.toLowerCase()}${t.slice(1)}`);

// Every k-th accepted vff proposal that opens with "Il faut": deterministic, spread over the stream.
const vff = readStream('vff-stream.csv').filter((r) => r.expected === 'accept' && r.text.startsWith('Il faut'));
const offTopic = Array.from({ length: OFF_TOPIC }, (_, i) => vff[Math.floor((i * vff.length) / OFF_TOPIC)]!.text);

// Interleaved: one off-topic proposal after every (accepts / off-topic) ideas.
const rows: [string, string, string][] = [];
accepts.forEach((t, i) => {
  rows.push([t, 'accept', '']);
  if ((i + 1) % Math.max(1, Math.round(accepts.length / OFF_TOPIC)) === 0 && offTopic.length > 0) rows.push([offTopic.shift()!, 'reject', 'off_topic']);
});
for (const t of offTopic) rows.push([t, 'reject', 'off_topic']);

const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'urssaf-stream.csv'), ['externalId,consultationId,text,expected,reason,cluster,source',
  ...rows.map(([text, expected, reason], i) => [`u-${i}`, 'urssaf', quote(text), expected, reason, '', expected === 'accept' ? 'synthetic:seed-idea' : 'real:makeorg-vff'].join(','))].join('\n') + '\n');
writeFileSync(join(out, 'consultations.json'), JSON.stringify([{ id: 'urssaf', question: QUESTION, language: 'fr', rules: { minLength: 12, maxLength: 140, requiredPrefix: 'Il faut' } }]));
console.log(`${accepts.length} accepts (seed ideas), ${rows.length - accepts.length} off topic (vff) in ${join(out, 'urssaf-stream.csv')}`);
