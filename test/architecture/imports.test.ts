import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, readImports } from './import-graph.js';

/*
 * The import rule (docs/architecture.md): data flows one way, config → scheduler → fetcher → parser →
 * normalizer → store → publisher → server, with model/ and errors/ beneath everything; pipeline/
 * sequences a refresh; daemon/, cluster/, commands/ and cli.ts wire the stages together. A folder
 * may import only the folders listed for it here (type imports count: they couple as much).
 */
const ALLOWED: Record<string, readonly string[]> = {
  model: [],
  errors: [],
  version: [],
  fs: [],
  'log-redaction': ['model'],
  log: ['model', 'log-redaction'],
  config: ['model', 'errors', 'fs'],
  scheduler: ['model', 'errors', 'config'],
  fetcher: ['model', 'errors', 'config', 'version'],
  parser: ['model', 'errors'],
  normalizer: ['model', 'errors', 'parser'],
  enricher: ['model', 'errors', 'config'],
  store: ['model', 'errors'],
  pipeline: ['model', 'errors', 'config', 'fetcher', 'parser', 'normalizer', 'enricher', 'store', 'version'],
  publisher: ['model', 'errors', 'config', 'store', 'fs', 'version'],
  // A second consumer of the store beside the publisher, reusing its output filters.
  archive: ['model', 'errors', 'config', 'store', 'publisher', 'fs'],
  server: ['model', 'errors', 'config'],
  discovery: ['model', 'errors', 'config', 'fetcher', 'parser', 'version'],
  opml: ['model', 'errors', 'config'],
  // The clusterer is pure (model, errors); its pass (story-pass.ts) reads and writes the store.
  stories: ['model', 'errors', 'store'],
  cluster: ['model', 'errors', 'config', 'scheduler', 'pipeline'],
  daemon: ['model', 'errors', 'config', 'scheduler', 'fetcher', 'pipeline', 'store', 'publisher', 'archive', 'stories', 'server', 'fs', 'cluster', 'version'],
  commands: [
    'model',
    'errors',
    'config',
    'scheduler',
    'fetcher',
    'parser',
    'normalizer',
    'enricher',
    'pipeline',
    'store',
    'publisher',
    'archive',
    'stories',
    'server',
    'discovery',
    'opml',
    'fs',
    'log',
    'log-redaction',
    'cluster',
    'daemon',
    'version',
  ],
  cli: ['commands', 'config', 'version'],
};

const SRC = resolve('src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The folder under src/ a file belongs to; a file directly in src/ is its own (cli.ts → cli). */
function folderOf(file: string): string {
  const path = relative(SRC, file);
  return path.includes('/') ? path.split('/')[0]! : path.replace(/\.ts$/, '');
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((file) => [file, readImports(readFileSync(file, 'utf8')).map((specifier) => resolve(dirname(file), specifier).replace(/\.js$/, '.ts'))]));

describe('the import rule', () => {
  it('reads every relative import of a file, type imports, re-exports and dynamic imports included', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b/b.js';",
      "import './side-effect.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "const e = await import('./e.js');",
      'import {\n  f,\n  type G,\n} from "./f.js";',
      "import { z } from 'zod';",
    ].join('\n');
    expect(readImports(source)).toEqual(['./a.js', '../b/b.js', './side-effect.js', './c.js', './d.js', './e.js', './f.js']);
  });

  it('finds a cycle through several nodes and one of a node importing itself, and none in a chain', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['d']],
      ['e', ['a']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c'], ['d']]);
    expect(
      findCycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('names every folder of src/ in the allow-list', () => {
    expect([...new Set(files.map(folderOf))].filter((folder) => !(folder in ALLOWED))).toEqual([]);
  });

  it('has no import cycle between files', () => {
    const cycles = findCycles(new Map([...graph].map(([file, imports]) => [relative(SRC, file), imports.map((target) => relative(SRC, target))])));
    expect(cycles).toEqual([]);
  });

  it('has no import cycle between folders', () => {
    const folders = new Map<string, string[]>();
    for (const [file, imports] of graph) {
      const from = folderOf(file);
      const targets = folders.get(from) ?? [];
      for (const target of imports) if (folderOf(target) !== from) targets.push(folderOf(target));
      folders.set(from, targets);
    }
    expect(findCycles(folders)).toEqual([]);
  });

  it('imports across folders only along the flow: nothing outside the allow-list', () => {
    const against = [...graph].flatMap(([file, imports]) =>
      imports
        .filter((target) => folderOf(target) !== folderOf(file) && !(ALLOWED[folderOf(file)] ?? []).includes(folderOf(target)))
        .map((target) => `${relative(SRC, file)} → ${relative(SRC, target)}`),
    );
    expect(against).toEqual([]);
  });

  it('keeps the story clusterer pure: in stories/, only the story pass imports the store', () => {
    const impure = files
      .filter((file) => folderOf(file) === 'stories' && !file.endsWith('story-pass.ts'))
      .flatMap((file) =>
        graph
          .get(file)!
          .filter((target) => folderOf(target) === 'store')
          .map((target) => `${relative(SRC, file)} → ${relative(SRC, target)}`),
      );
    expect(impure).toEqual([]);
  });

  it('keeps model/ and errors/ free of imports from the rest of src/, and every stage clear of daemon, cli, commands and cluster', () => {
    expect(ALLOWED.model).toEqual([]);
    expect(ALLOWED.errors).toEqual([]);
    const wiring = ['daemon', 'cli', 'commands', 'cluster'];
    const stages = ['config', 'scheduler', 'fetcher', 'parser', 'normalizer', 'enricher', 'store', 'pipeline', 'publisher', 'server'];
    for (const stage of stages)
      expect(
        ALLOWED[stage]!.filter((folder) => wiring.includes(folder)),
        stage,
      ).toEqual([]);
  });
});
