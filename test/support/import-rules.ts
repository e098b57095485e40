/**
 * The walls of docs/ARCHITECTURE.md as rules over the import graph of the sources, read with the TypeScript
 * compiler's own pre-processor (every `import`, `import type`, `export … from` and dynamic `import()`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';

/** The folders of the service itself; test/ and bench/ may reach anything (they inspect Redis as stored). */
export const SOURCE_FOLDERS = ['app', 'config', 'lib', 'models', 'services', 'workers'] as const;
export const KEY_LAYOUT = 'models/store/keys.ts';

/** file (relative, with .ts) → the project files it imports */
export type ImportGraph = Map<string, string[]>;

export function readImportGraph(root: string, folders: readonly string[] = SOURCE_FOLDERS): ImportGraph {
  const graph: ImportGraph = new Map();
  const visit = (dir: string) => {
    for (const name of readdirSync(join(root, dir))) {
      const path = join(dir, name);
      if (statSync(join(root, path)).isDirectory()) visit(path);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) graph.set(path, importsOf(root, path));
    }
  };
  for (const folder of folders) visit(folder);
  return graph;
}

function importsOf(root: string, file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts'));
}

const folderOf = (file: string) => file.split('/')[0]!;

/** [from folder, to folders it must not import] */
const FORBIDDEN: readonly [string, readonly string[]][] = [
  ['services', ['workers', 'app']],
  ['workers', ['services', 'app']],
  ['lib', ['services', 'workers', 'app']],
  ['models', ['services', 'workers', 'app']],
  ['config', ['services', 'workers', 'app', 'lib', 'models']],
];

/** Every broken rule, one line each ("a.ts → b.ts: why"). */
export function violations(graph: ImportGraph): string[] {
  const found: string[] = [];
  for (const [file, imports] of graph) {
    const from = folderOf(file);
    for (const target of imports) {
      const banned = FORBIDDEN.find(([f]) => f === from)?.[1] ?? [];
      if (banned.includes(folderOf(target))) found.push(`${file} → ${target}: ${from}/ must not import ${folderOf(target)}/`);
      if (target === KEY_LAYOUT && !file.startsWith('models/store/')) found.push(`${file} → ${target}: only models/store/ knows the key layout`);
    }
  }
  for (const cycle of cycles(graph)) found.push(`import cycle among ${cycle.join(', ')}`);
  return found;
}

/** The import cycles, each as the files that import one another (Tarjan's strongly connected components). */
export function cycles(graph: ImportGraph): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string) => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!order.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) !== order.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    const selfImport = graph.get(v)?.includes(v);
    if (component.length > 1 || selfImport) found.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!order.has(v)) connect(v);
  return found;
}
