/**
 * The read-only tables of the content checks that are too big to hold once per triage thread: ELD's n-gram
 * database (models/text/packed-eld.ts) and the word list of each supported language (models/text/dictionaries.ts), each packed
 * into a SharedArrayBuffer. A worker process loads them once (`sharedTables`) and passes them to its triage
 * threads (workerData), which read the same memory (`useSharedTables`).
 *
 * `npm run build` packs them into dist/models/data/packed/ (node dist/models/text/shared-tables.js), because
 * packing ELD means importing its 4.4 MB object literal (~400 MB RSS, ~2 s): done in the build's own process,
 * a service process only reads ~28 MB of files. The tests, run from the sources, read the build's files; without
 * current files the tables are packed in the process, with the same result.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DICTIONARY_SOURCES, packDictionary, useDictionaries } from './dictionaries.js';
import { SUPPORTED_LANGUAGES, type SupportedLanguage } from './languages/registry.js';
import { packEld, type EldData } from './packed-eld.js';

export interface SharedTables { eld: SharedArrayBuffer; dictionaries: Record<SupportedLanguage, SharedArrayBuffer> }

const require = createRequire(import.meta.url);
/** beside the compiled module (dist/models/data/packed); run from the sources (the tests), the build's copy */
const PACKED_DIR = fileURLToPath(new URL('../data/packed/', import.meta.url));
const PACKED_DIRS = [PACKED_DIR, fileURLToPath(new URL('../../dist/models/data/packed/', import.meta.url))];
/** what the packed files were made from: packed again when a package or the format changes */
const FORMAT = 2;

/** The folder of an installed package, found without its exports map (ELD exports only its entry files). */
export function packageDir(name: string): string {
  for (const dir of require.resolve.paths(name) ?? []) {
    if (existsSync(join(dir, name, 'package.json'))) return join(dir, name);
  }
  throw new Error(`package ${name} is not installed`);
}

function stamp(): string {
  const version = (name: string) => (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;
  return JSON.stringify({ format: FORMAT, eld: version('eld'), dictionaries: DICTIONARY_SOURCES.map(({ pkg }) => `${pkg}@${version(pkg)}`) });
}

async function pack(): Promise<SharedTables> {
  const { ngramsData } = await import(pathToFileURL(join(packageDir('eld'), 'src', 'ngrams', 'large.js')).href) as { ngramsData: EldData };
  return { eld: packEld(ngramsData), dictionaries: byLanguage(packDictionary) };
}

function byLanguage<T>(make: (language: SupportedLanguage) => T): Record<SupportedLanguage, T> {
  return Object.fromEntries(SUPPORTED_LANGUAGES.map((lang) => [lang, make(lang)])) as Record<SupportedLanguage, T>;
}

const dictionaryFile = (language: SupportedLanguage) => `dictionary-${language}.bin`;

function shared(file: Buffer): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(file.length);
  new Uint8Array(buffer).set(file);
  return buffer;
}

function readPacked(dirs = PACKED_DIRS): SharedTables | null {
  const current = stamp();
  for (const dir of dirs) {
    try {
      if (readFileSync(join(dir, 'stamp.json'), 'utf8') !== current) continue;
      return { eld: shared(readFileSync(join(dir, 'eld.bin'))), dictionaries: byLanguage((lang) => shared(readFileSync(join(dir, dictionaryFile(lang))))) };
    } catch { /* not there */ }
  }
  return null;
}

let tables: Promise<SharedTables> | null = null;

/** This process's tables: the packed files of the build when current, else packed now. Once per process. */
export function sharedTables(): Promise<SharedTables> {
  return tables ??= (async () => readPacked() ?? await pack())();
}

/** A triage thread reads the tables its process passed it instead of loading its own. */
export function useSharedTables(given: SharedTables): void {
  tables = Promise.resolve(given);
  useDictionaries(given.dictionaries);
}

/** Build step: writes the packed files unless they are current, and beside them the licences of what they were
 * made from (an image that ships dist/ ships them; docs/OPS.md, "Licences of the data"). */
async function writePacked(): Promise<void> {
  if (!readPacked([PACKED_DIR])) {
    const packed = await pack();
    mkdirSync(PACKED_DIR, { recursive: true });
    writeFileSync(join(PACKED_DIR, 'eld.bin'), new Uint8Array(packed.eld));
    for (const lang of SUPPORTED_LANGUAGES) writeFileSync(join(PACKED_DIR, dictionaryFile(lang)), new Uint8Array(packed.dictionaries[lang]));
    writeFileSync(join(PACKED_DIR, 'stamp.json'), stamp());
  }
  writeLicences(PACKED_DIR);
}

/** Each packed file's source package, its version and licence (the package's own `license` field), and the
 * licence text the package ships (null: it ships none). */
export function packedSources(): { file: string; pkg: string; version: string; licence: string; licenceText: string | null }[] {
  const sources = [['eld.bin', 'eld'] as const, ...DICTIONARY_SOURCES.map(({ language, pkg }) => [dictionaryFile(language), pkg] as const)];
  return sources.map(([file, pkg]) => {
    const dir = packageDir(pkg);
    const { version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; license: string };
    const text = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'COPYING'].map((f) => join(dir, f)).find((f) => existsSync(f));
    return { file, pkg, version, licence: license, licenceText: text ?? null };
  });
}

/** licences/<package>.LICENSE (the package's text) and LICENCES.md: which file comes from which package, under
 * which licence, and that it is a modified (repacked) form whose source is the package and the packing code. */
function writeLicences(dir: string): void {
  mkdirSync(join(dir, 'licences'), { recursive: true });
  const sources = packedSources();
  const gpl = sources.find((s) => s.licence.startsWith('GPL-3.0') && s.licenceText);
  const rows = sources.map((s) => {
    const copy = s.licenceText ? `licences/${s.pkg.replace('/', '+')}.LICENSE` : '(the package ships no licence text)';
    if (s.licenceText) copyFileSync(s.licenceText, join(dir, copy));
    return `| ${s.file} | ${s.pkg}@${s.version} | ${s.licence} | ${copy} |`;
  });
  writeFileSync(join(dir, 'LICENCES.md'), [
    '# Licences of the packed tables',
    '',
    'Each file of this folder is a modified form of a package\'s data: its word list or n-gram table read from the',
    'package and repacked into a binary table by the build (`node dist/models/text/shared-tables.js`; source:',
    'models/text/shared-tables.ts, models/text/dictionaries.ts, models/text/packed-eld.ts). The data stays under',
    'its package\'s licence; its source is the package (in node_modules) and that code.',
    'The GNU LGPL 3.0 supplements the GNU GPL 3.0: both texts are needed where an LGPL package is listed',
    `(the GPL 3.0 text: ${gpl ? `licences/${gpl.pkg.replace('/', '+')}.LICENSE` : 'none of these packages ships it: add it'}).`,
    '',
    '| file | package | licence | licence text |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writePacked();
