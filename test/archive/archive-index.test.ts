import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArchiveIndex, parseIndex, renderIndex, type IndexEntry } from '../../src/archive/archive-index.js';
import { cleanArchiveTempFiles } from '../../src/archive/clean-archive-temp-files.js';
import { identityOf } from '../../src/archive/file-identity.js';
import { scanArchive } from '../../src/archive/scan-archive.js';
import { hashId, itemKey } from '../../src/store/store-keys.js';

const entry = (path: string, id: string): IndexEntry => ({
  path,
  key: itemKey('a', hashId(id)),
  source: 'a',
  externalId: id,
  title: `Title ${id}`,
  publishedAt: '2025-12-16T15:34:37.000Z',
  updatedAt: '2025-12-16T15:34:37.000Z',
  expiresAt: '2026-01-15T15:34:37.000Z',
});

describe("the archive's index", () => {
  it('is written one entry a line, sorted by path, and read back as it was', () => {
    const index = new ArchiveIndex('log:42', 'digest', [entry('2025/12/b.md', '2'), entry('2025/12/a.md', '1')]);
    const text = renderIndex(index);
    expect(text.split('\n')).toEqual([
      '{"format":1,"cursor":"log:42","settings":"digest","items":[',
      `${JSON.stringify(entry('2025/12/a.md', '1'))},`,
      JSON.stringify(entry('2025/12/b.md', '2')),
      ']}',
      '',
    ]);
    expect(JSON.parse(text)).toMatchObject({ format: 1, cursor: 'log:42', settings: 'digest' });
    const read = parseIndex(text);
    expect([read.cursor, read.settings, [...read.entries.values()]]).toEqual(['log:42', 'digest', [entry('2025/12/a.md', '1'), entry('2025/12/b.md', '2')]]);
    expect(renderIndex(read)).toBe(text);
  });

  it('is valid JSON when empty, and with no cursor yet', () => {
    expect(JSON.parse(renderIndex(new ArchiveIndex(undefined, 'd')))).toEqual({ format: 1, cursor: null, settings: 'd', items: [] });
  });

  it('refuses what is not an index, saying why', () => {
    expect(() => parseIndex('{')).toThrow(/^not valid JSON/);
    expect(() => parseIndex('{"format":2,"cursor":null,"settings":"d","items":[]}')).toThrow(/format/);
    const twice = { format: 1, cursor: null, settings: 'd', items: [entry('x.md', '1'), entry('x.md', '2')] };
    expect(() => parseIndex(JSON.stringify(twice))).toThrow('two items hold x.md');
  });

  it('refuses an entry whose path would leave the archive folder (an index edited by hand or merged badly)', () => {
    for (const path of ['../../outside.md', '/etc/outside.md', '2026/../../outside.md', 'a\\b.md', '2026//a.md', './a.md', '2026/a.txt']) {
      const index = { format: 1, cursor: null, settings: 'd', items: [entry('2026/ok.md', '1'), entry(path, '2')] };
      expect(() => parseIndex(JSON.stringify(index)), path).toThrow(`items.1.path ${JSON.stringify(path)}`);
    }
  });

  it('frees the path of an entry that moves or goes', () => {
    const index = new ArchiveIndex(undefined, 'd', [entry('a.md', '1')]);
    index.set({ ...entry('a.md', '1'), path: 'b.md' });
    expect([...index.paths]).toEqual(['b.md']);
    index.delete(entry('a.md', '1').key);
    expect([...index.paths]).toEqual([]);
  });
});

describe('an archive folder without its index', () => {
  it('is read back into entries from the files that name an item, the first of two kept, hidden ones and others left out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tributary-scan-'));
    try {
      const file = (id: string, title: string) =>
        `---\ntitle: ${title}\npublishedAt: '2025-12-16T15:34:37.000Z'\nupdatedAt: '2025-12-16T15:34:37.000Z'\nexternalId: '${id}'\nsource:\n  name: A\n  key: a\n  type: RSS\n---\nBody\n`;
      await mkdir(join(dir, '2025', '12'), { recursive: true });
      await mkdir(join(dir, '.hidden'), { recursive: true });
      await writeFile(join(dir, '2025', '12', 'one.md'), file('1', 'One'));
      await writeFile(join(dir, '2025', '12', 'one-again.md'), file('1', 'One again'));
      await writeFile(join(dir, '2025', 'about.md'), '# About this site\n');
      await writeFile(join(dir, '.hidden', 'two.md'), file('2', 'Two'));
      await writeFile(join(dir, 'notes.txt'), file('3', 'Three'));
      expect(await scanArchive(dir)).toEqual([
        {
          path: '2025/12/one-again.md',
          key: itemKey('a', hashId('1')),
          source: 'a',
          externalId: '1',
          title: 'One again',
          publishedAt: '2025-12-16T15:34:37.000Z',
          updatedAt: '2025-12-16T15:34:37.000Z',
        },
      ]);
      expect(await scanArchive(join(dir, 'missing'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('tells whose a file is only by front matter naming a source key and an id, both strings', () => {
    expect(identityOf("---\nexternalId: '1'\nsource:\n  key: a\n---\n")).toMatchObject({ sourceKey: 'a', externalId: '1' });
    expect(identityOf('---\nexternalId: 1\nsource:\n  key: a\n---\n')).toBeUndefined();
    expect(identityOf('---\n: : :\n---\n')).toBeUndefined();
    expect(identityOf('no front matter')).toBeUndefined();
  });
});

describe("an archive's temp files", () => {
  it('are removed from every folder of the archive when their writer is dead', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tributary-temp-'));
    try {
      await mkdir(join(dir, '2025', '12'), { recursive: true });
      const dead = 2 ** 22 + 12_345;
      await writeFile(join(dir, '2025', '12', `.a.md.${dead}.0123abcd.tmp`), 'half');
      await writeFile(join(dir, `.index.${process.pid}.0123abcd.tmp`), 'mine, in flight');
      expect(await cleanArchiveTempFiles(dir)).toEqual([join('2025', '12', `.a.md.${dead}.0123abcd.tmp`)]);
      expect(await readdir(join(dir, '2025', '12'))).toEqual([]);
      expect(await cleanArchiveTempFiles(join(dir, 'missing'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
