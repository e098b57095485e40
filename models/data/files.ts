/** The corpora shipped in models/data/ (sources and licences: models/data/README.md), read from the sources (tests)
 * or beside the compiled code under dist/. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The path of a shipped corpus, or null when it is not shipped. */
function shippedCorpus(name: string): string | null {
  return [join(here, name), join(here, '..', '..', '..', 'models', 'data', name)].find((f) => existsSync(f)) ?? null;
}

/** A shipped corpus's non-empty lines, or null when it is not shipped. */
export function corpusLines(name: string): string[] | null {
  const file = shippedCorpus(name);
  return file ? readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0) : null;
}

/** A corpus the build ships with the code: missing means a broken installation, not a language without data. */
export function requiredCorpusLines(name: string): string[] {
  const lines = corpusLines(name);
  if (!lines) throw new Error(`models/data/${name} is missing: the installation is incomplete`);
  return lines;
}
