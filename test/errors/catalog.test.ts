import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { TributaryError } from '../../src/errors/tributary-error.js';

const ERRORS_DIR = resolve('src/errors');
const CATALOG = resolve('docs/errors.md');

interface ErrorModule {
  file: string;
  /** The error classes it exports (subclasses of TributaryError). */
  classes: string[];
  /** Every code its `*_CODES` lists name. */
  codes: string[];
}

/** Every module of src/errors/ (but index.ts, which only re-exports them), with its error classes and the codes its `*_CODES` exports list. */
async function readErrorModules(): Promise<ErrorModule[]> {
  const files = readdirSync(ERRORS_DIR).filter((name) => name.endsWith('.ts') && name !== 'index.ts');
  return Promise.all(
    files.map(async (file) => {
      const exports = (await import(pathToFileURL(resolve(ERRORS_DIR, file)).href)) as Record<string, unknown>;
      const classes = Object.entries(exports)
        .filter(([, value]) => typeof value === 'function' && value.prototype instanceof TributaryError)
        .map(([name]) => name);
      const codes = Object.entries(exports)
        .filter(([name]) => name.endsWith('_CODES'))
        .flatMap(([name, value]) => {
          if (!Array.isArray(value) || !value.every((code) => typeof code === 'string')) throw new Error(`${file}: ${name} is not a list of codes`);
          return value as string[];
        });
      return { file, classes, codes };
    }),
  );
}

interface CatalogRow {
  code: string;
  /** The `## ClassName` section the row is in. */
  section: string | undefined;
  cells: string[];
}

/** The table rows of docs/errors.md whose first cell is a code in backticks. */
function readCatalog(text: string): CatalogRow[] {
  const rows: CatalogRow[] = [];
  let section: string | undefined;
  for (const line of text.split('\n')) {
    const heading = /^## (\S+)\s*$/.exec(line);
    if (heading) section = heading[1];
    const row = /^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|/.exec(line);
    if (!row) continue;
    const cells = line
      .replace(/\\\|/g, '¦')
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    rows.push({ code: row[1]!, section, cells });
  }
  return rows;
}

describe('the error catalog (docs/errors.md)', () => {
  let modules: ErrorModule[];
  let rows: CatalogRow[];
  const codes = () => modules.flatMap((module) => module.codes);

  beforeAll(async () => {
    modules = await readErrorModules();
    rows = readCatalog(readFileSync(CATALOG, 'utf8'));
  });

  it('reads the codes from src/errors/, one list per module that exports an error class', () => {
    for (const module of modules) {
      if (module.classes.length > 0) expect(module.codes, `${module.file} exports ${module.classes.join(', ')} but no *_CODES list`).not.toEqual([]);
    }
    expect(codes()).toContain('FETCH_TIMEOUT');
    expect(codes()).toContain('CONFIG_USAGE');
    expect(new Set(codes()).size).toBe(codes().length);
  });

  it('has a row for every code src/errors/ can produce', () => {
    const documented = new Set(rows.map((row) => row.code));
    expect(codes().filter((code) => !documented.has(code))).toEqual([]);
  });

  it('has no row for a code src/errors/ cannot produce, and none twice', () => {
    const real = new Set(codes());
    expect(rows.map((row) => row.code).filter((code) => !real.has(code))).toEqual([]);
    expect(new Set(rows.map((row) => row.code)).size).toBe(rows.length);
  });

  it('lists each code in the section of its class, with what it means and what to do', () => {
    for (const module of modules) {
      for (const code of module.codes) {
        const row = rows.find((candidate) => candidate.code === code);
        if (!row) continue;
        expect(module.classes, `${code} is under "## ${row.section}"`).toContain(row.section);
        expect(row.cells, code).toHaveLength(3);
        expect(
          row.cells.every((cell) => cell.length > 0),
          code,
        ).toBe(true);
      }
    }
  });

  it('has a section for every error class', () => {
    const sections = new Set(rows.map((row) => row.section));
    const classes = modules.flatMap((module) => module.classes);
    expect(classes.filter((name) => !sections.has(name))).toEqual([]);
  });
});
