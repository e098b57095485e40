/** The walls between the folders (docs/ARCHITECTURE.md), checked on every `npm test`. */
import { describe, expect, it } from '@jest/globals';
import { readImportGraph, violations, type ImportGraph } from '../support/import-rules.js';

/** Known breaches being removed (issue 13, step 2): a rule broken by any other import fails now, and an entry
 * here that no longer breaks a rule fails too, so the list can only shrink. */
const KNOWN: readonly string[] = [
  'models/enrichers/exact-texts.ts → models/store/keys.ts: only models/store/ knows the key layout',
  'models/offtopic/model.ts → models/store/keys.ts: only models/store/ knows the key layout',
  'models/similarity/groups.ts → models/store/keys.ts: only models/store/ knows the key layout',
  'models/similarity/index.ts → models/store/keys.ts: only models/store/ knows the key layout',
  'models/similarity/semantic.ts → models/store/keys.ts: only models/store/ knows the key layout',
  'services/auth.ts → models/store/keys.ts: only models/store/ knows the key layout',
  'services/http/rate-limit.ts → models/store/keys.ts: only models/store/ knows the key layout',
  'services/intake.ts → models/store/keys.ts: only models/store/ knows the key layout',
  'services/routes/decisions.ts → models/store/keys.ts: only models/store/ knows the key layout',
  'services/routes/groups.ts → models/store/keys.ts: only models/store/ knows the key layout',
  'services/sessions.ts → models/store/keys.ts: only models/store/ knows the key layout',
  'workers/learning/decisions.ts → models/store/keys.ts: only models/store/ knows the key layout',
  'workers/triage/sweeper.ts → models/store/keys.ts: only models/store/ knows the key layout',
  'import cycle among models/offtopic/features.ts, models/offtopic/semantic.ts',
];

describe('import rules', () => {
  it('hold on the sources', () => {
    const found = violations(readImportGraph(process.cwd()));
    expect(found.filter((v) => !KNOWN.includes(v))).toEqual([]);
    expect(KNOWN.filter((v) => !found.includes(v))).toEqual([]);
  });

  it('catch each kind of forbidden import', () => {
    const graph: ImportGraph = new Map([
      ['services/routes/x.ts', ['workers/queues.ts', 'models/schemas.ts']],
      ['workers/triage/y.ts', ['services/deps.ts', 'lib/logger.ts']],
      ['lib/metrics.ts', ['app/runtime.ts']],
      ['models/enrichers/z.ts', ['models/store/keys.ts', 'models/store/proposals.ts']],
      ['models/store/proposals.ts', ['models/store/keys.ts']],
      ['models/a.ts', ['models/b.ts']],
      ['models/b.ts', ['models/c.ts']],
      ['models/c.ts', ['models/a.ts']],
      ['app/runtime.ts', ['services/app.ts', 'workers/queues.ts']],
    ]);
    expect(violations(graph).sort()).toEqual([
      'import cycle among models/a.ts, models/b.ts, models/c.ts',
      'lib/metrics.ts → app/runtime.ts: lib/ must not import app/',
      'models/enrichers/z.ts → models/store/keys.ts: only models/store/ knows the key layout',
      'services/routes/x.ts → workers/queues.ts: services/ must not import workers/',
      'workers/triage/y.ts → services/deps.ts: workers/ must not import services/',
    ]);
  });
});
