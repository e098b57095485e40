/**
 * Accuracy along a stream, per window of proposals, drawn as an SVG from run-eval `--json` reports:
 *   node dist/bench/accuracy-curve.js --out docs/x.svg --window 200 [--metric suggestion|off-topic] "label=report.json" ...
 * Metrics, per window, one line per report:
 * - suggestion: suggestion.outcome = expected, at triage (before any moderator decision), over all rows;
 * - off-topic: over the rows this check is about (expected accept, or rejected as off topic), the routing at
 *   triage is right: an accept decided automatically as accepted, an off-topic proposal kept from auto-accept.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface Item { idx: number; expected: 'accept' | 'reject'; reason: string | null; triageStatus: string; suggestion: { outcome: string } | null }
export interface Series { label: string; points: { from: number; accuracy: number; n: number }[] }

type Metric = 'suggestion' | 'off-topic';

const METRICS: Record<Metric, { counts(i: Item): boolean; right(i: Item): boolean }> = {
  'suggestion': { counts: (i) => i.suggestion !== null, right: (i) => i.suggestion!.outcome === i.expected },
  'off-topic': {
    counts: (i) => i.expected === 'accept' || i.reason === 'off_topic',
    right: (i) => (i.expected === 'accept') === (i.triageStatus === 'accepted'),
  },
};

export function windows(items: Item[], size: number, metric: Metric): Series['points'] {
  const points: Series['points'] = [];
  const sorted = [...items].sort((a, b) => a.idx - b.idx);
  const { counts, right } = METRICS[metric];
  for (let from = 0; from < sorted.length; from += size) {
    const slice = sorted.slice(from, from + size).filter(counts);
    if (slice.length === 0) continue;
    points.push({ from, n: slice.length, accuracy: slice.filter(right).length / slice.length });
  }
  return points;
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];
const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderSvg(series: Series[], size: number, title: string): string {
  const width = 720, height = 360, left = 56, right = 170, top = 40, bottom = 48;
  const maxX = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.from + size)));
  const minY = Math.min(0.8, ...series.flatMap((s) => s.points.map((p) => Math.floor(p.accuracy * 20) / 20)));
  const x = (v: number) => left + (v / maxX) * (width - left - right);
  const y = (v: number) => top + (1 - (v - minY) / (1 - minY)) * (height - top - bottom);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left}" y="22" font-size="14">${escapeXml(title)}</text>`];
  for (let v = minY; v <= 1.0001; v += 0.05) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${(v * 100).toFixed(0)} %</text>`);
  }
  const ticks = Math.min(10, Math.ceil(maxX / size));
  for (let i = 0; i <= ticks; i++) {
    const v = Math.round((maxX / ticks) * i);
    parts.push(`<text x="${x(v)}" y="${height - bottom + 16}" text-anchor="middle">${v}</text>`);
  }
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 10}" text-anchor="middle">proposals in stream order (window of ${size})</text>`);
  series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length]!;
    const path = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.from + size / 2).toFixed(1)},${y(p.accuracy).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const p of s.points) parts.push(`<circle cx="${x(p.from + size / 2).toFixed(1)}" cy="${y(p.accuracy).toFixed(1)}" r="3" fill="${colour}"><title>${p.from}–${p.from + p.n}: ${(p.accuracy * 100).toFixed(1)} %</title></circle>`);
    parts.push(`<rect x="${width - right + 12}" y="${top + 16 + k * 20 - 9}" width="12" height="3" fill="${colour}"/>`,
      `<text x="${width - right + 30}" y="${top + 16 + k * 20}">${escapeXml(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function main(argv: string[]): void {
  let out = 'docs/off-topic-accuracy.svg', size = 200, title = 'Accuracy along the stream';
  let metric: Metric = 'suggestion';
  const series: Series[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--out') out = argv[++i]!;
    else if (arg === '--window') size = Number(argv[++i]);
    else if (arg === '--title') title = argv[++i]!;
    else if (arg === '--metric') metric = argv[++i] as Metric;
    else {
      const at = arg.indexOf('=');
      if (at <= 0) throw new Error(`expected label=report.json, got ${arg}`);
      const report = JSON.parse(readFileSync(arg.slice(at + 1), 'utf8')) as { items: Item[] };
      series.push({ label: arg.slice(0, at), points: windows(report.items, size, metric) });
    }
  }
  if (series.length === 0 || !(size > 0) || !(metric in METRICS)) {
    throw new Error('usage: accuracy-curve [--out file.svg] [--window 200] [--metric suggestion|off-topic] [--title t] label=report.json ...');
  }
  writeFileSync(out, renderSvg(series, size, title));
  for (const s of series) process.stdout.write(`${s.label}: ${s.points.map((p) => `${p.from}:${(p.accuracy * 100).toFixed(1)}%`).join(' ')}\n`);
}

main(process.argv.slice(2));
