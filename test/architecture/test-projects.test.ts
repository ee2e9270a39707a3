import { readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVitest, type Vitest } from 'vitest/node';
import { SYSTEM_FILES, SYSTEM_FOLDERS, UNIT_FILES, UNIT_FOLDERS } from '../projects.js';

const root = resolve(import.meta.dirname, '../..');
const posix = (path: string): string => relative(root, path).split(sep).join('/');

/** Every test file under test/, as vitest's default include would find it. */
function listTestFiles(dir = join(root, 'test')): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
    .map((entry) => posix(join(entry.parentPath, entry.name)))
    .sort();
}

/*
 * The projects as vitest itself resolves them from vitest.config.ts (its own globbing, not a copy
 * of it here): a file that no project includes would never run, a file in both would run twice.
 */
describe('the vitest projects', () => {
  let vitest: Vitest;
  const projectsOf = new Map<string, string[]>();

  beforeAll(async () => {
    vitest = await createVitest('test', { root, watch: false, reporters: [] });
    for (const spec of await vitest.globTestSpecifications()) {
      const file = posix(spec.moduleId);
      projectsOf.set(file, [...(projectsOf.get(file) ?? []), spec.project.name]);
    }
  });
  afterAll(async () => {
    await vitest?.close();
  });

  it('are unit and system', () => {
    expect(vitest.projects.map((project) => project.name).sort()).toEqual(['system', 'unit']);
  });

  it('put every test file under test/ in exactly one of them', () => {
    const files = listTestFiles();
    expect(files.length).toBeGreaterThan(0);
    const misplaced = files.map((file) => ({ file, projects: projectsOf.get(file) ?? [] })).filter(({ projects }) => projects.length !== 1);
    expect(misplaced, 'add the file or its folder to test/projects.ts').toEqual([]);
    expect([...projectsOf.keys()].sort()).toEqual(files);
  });

  it('name each folder of tests once, and only folders that exist', () => {
    const folders = new Set(listTestFiles().map((file) => file.split('/')[1] ?? file));
    const named: string[] = [...UNIT_FOLDERS, ...SYSTEM_FOLDERS];
    expect(new Set(named).size).toBe(named.length);
    expect([...folders].filter((folder) => !named.includes(folder))).toEqual([]);
    expect(named.filter((folder) => !folders.has(folder))).toEqual([]);
  });

  it('list as exceptions only test files that exist, each in the other project than its folder', () => {
    const files = new Set(listTestFiles());
    for (const file of [...UNIT_FILES, ...SYSTEM_FILES]) expect(files.has(file), file).toBe(true);
    for (const file of UNIT_FILES) expect(projectsOf.get(file)).toEqual(['unit']);
    for (const file of SYSTEM_FILES) expect(projectsOf.get(file)).toEqual(['system']);
  });
});
