/** The walls between the folders (docs/ARCHITECTURE.md), checked on every `npm test`. */
import { describe, expect, it } from '@jest/globals';
import { readImportGraph, violations, type ImportGraph } from '../support/import-rules.js';

describe('import rules', () => {
  it('hold on the sources', () => {
    expect(violations(readImportGraph(process.cwd()))).toEqual([]);
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
