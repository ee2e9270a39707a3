import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/fs/write-file-atomic.js';
import { tempDir } from '../helpers/temp-workspace.js';

describe('writing an output atomically', () => {
  it('replaces the file and leaves no temporary file behind', async () => {
    const dir = await tempDir('tributary-atomic-');
    const file = join(dir, 'all.atom');
    await writeFile(file, 'old');
    await writeFileAtomic(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['all.atom']);
  });

  it('gives the file the mode asked for, whatever the umask', async () => {
    const dir = await tempDir('tributary-atomic-');
    const file = join(dir, 'feeds.json');
    await writeFileAtomic(file, '{}', { mode: 0o600 });
    const { stat } = await import('node:fs/promises');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await writeFileAtomic(file, '{}');
    expect((await stat(file)).mode & 0o777).toBe(0o644);
  });

  it('creates the output folder when it does not exist', async () => {
    const dir = await tempDir('tributary-atomic-');
    await writeFileAtomic(join(dir, 'nested', 'all.json'), '{}');
    expect(await readFile(join(dir, 'nested', 'all.json'), 'utf8')).toBe('{}');
  });

  it('leaves the old file whole and removes its temp file when the write fails', async () => {
    const dir = await tempDir('tributary-atomic-');
    const file = join(dir, 'all.atom');
    await writeFile(file, 'old');
    // Renaming a file over a directory fails: the old content must survive and no temp file remain.
    const target = join(dir, 'is-a-dir');
    await import('node:fs/promises').then(({ mkdir }) => mkdir(target));
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe('old');
    expect((await readdir(dir)).sort()).toEqual(['all.atom', 'is-a-dir']);
  });
});
