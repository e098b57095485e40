/**
 * Reliability of the off-topic probability, from a run-eval `--json` report:
 *   node dist/bench/off-topic-reliability.js report.json [fromIndex]
 * or, with --suggestion, of the suggestion's confidence: over every row, P(accept) (the confidence of an accept
 * suggestion, 1 − that of a reject one) against the share of rows labelled accept:
 *   node dist/bench/off-topic-reliability.js report.json [fromIndex] --suggestion
 * Over the rows the check is about (expected accept, or rejected as off topic): per bin of predicted
 * probability, the mean prediction against the observed share of off-topic rows, and the expected
 * calibration error. The score is read from the suggestion's off_topic reason, or, when no reason was listed
 * (every check below 0.1) and only this check scores, as 1 − confidence of the accept suggestion.
 */
import { readFileSync } from 'node:fs';
import { reliability } from '../models/offtopic/calibration.js';

interface Item { idx: number; expected: string; reason: string | null; suggestion: { outcome: string; confidence: number; reasons: [string, number][] } | null }

export function offTopicScore(item: Item): number | null {
  const s = item.suggestion;
  if (!s) return null;
  const listed = s.reasons.find(([code]) => code === 'off_topic');
  if (listed) return listed[1];
  return s.reasons.length === 0 && s.outcome === 'accept' ? 1 - s.confidence : null;
}

const OFF_TOPIC_BINS = [0, 0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 1.0001];
const SUGGESTION_BINS = [0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99, 1.0001];

function main(args: string[]): void {
  const suggestion = args.includes('--suggestion');
  const [file, from = '0'] = args.filter((a) => a !== '--suggestion');
  if (!file) throw new Error('usage: off-topic-reliability report.json [fromIndex] [--suggestion]');
  const all = (JSON.parse(readFileSync(file, 'utf8')) as { items: Item[] }).items.filter((i) => i.idx >= Number(from));
  const items = suggestion ? all : all.filter((i) => i.expected === 'accept' || i.reason === 'off_topic');
  const scored = items.flatMap((i) => {
    if (suggestion) {
      const s = i.suggestion;
      return s ? [{ p: s.outcome === 'accept' ? s.confidence : 1 - s.confidence, y: (i.expected === 'accept' ? 1 : 0) as 0 | 1 }] : [];
    }
    const p = offTopicScore(i);
    return p === null ? [] : [{ p, y: (i.reason === 'off_topic' ? 1 : 0) as 0 | 1 }];
  });
  const bins = reliability(scored, suggestion ? SUGGESTION_BINS : OFF_TOPIC_BINS);
  const ece = bins.reduce((sum, b) => sum + (b.count / scored.length) * Math.abs(b.predicted - b.observed), 0);
  process.stdout.write(`rows ${scored.length} of ${items.length} (${suggestion ? 'all, P(accept)' : 'accept + off_topic'}), from index ${from}\n`);
  process.stdout.write('bin          n  predicted  observed  gap\n');
  for (const b of bins) {
    process.stdout.write(`${b.from.toFixed(2)}-${b.to.toFixed(2)}  ${String(b.count).padStart(5)}  ${b.predicted.toFixed(3).padStart(9)}  ${b.observed.toFixed(3).padStart(8)}  ${(b.predicted - b.observed).toFixed(3).padStart(6)}\n`);
  }
  process.stdout.write(`expected calibration error ${ece.toFixed(4)}\n`);
}

main(process.argv.slice(2));
