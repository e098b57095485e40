/** The dev data (../shared/eval, outside the repository) is looked for next to the project whether bench/dev-data.ts
 * runs compiled (dist/bench/, the benches) or as the source jest runs (bench/, the tests that use the dev streams). */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { PROJECT_ROOT } from '../../bench/dev-data.js';

describe('dev data', () => {
  it('is looked for from the project folder when read from the sources', () => {
    // taken two folders above bench/dev-data.ts, it was the project's parent: ../shared was then looked for beside that
    expect(PROJECT_ROOT).toBe(resolve(fileURLToPath(new URL('../..', import.meta.url))));
  });
});
