import { readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cleanTempFiles } from '../../src/fs/clean-temp-files.js';
import { tempDir } from '../helpers/temp-workspace.js';

/** The pid of a process that has exited (its number is not reused this soon on Linux). */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('cleaning the temp files of killed writers', () => {
  it("removes the temp file of a dead writer and keeps outputs, a live writer's temp file and other dot files", async () => {
    const dir = await tempDir('tributary-clean-');
    const dead = `.all.atom.${deadPid()}.0badc0de.tmp`;
    const live = `.all.rss.${process.pid}.12345678.tmp`;
    for (const name of [dead, live, 'all.atom', '.gitkeep', '.notes.tmp']) await writeFile(join(dir, name), 'x');
    expect(await cleanTempFiles(dir)).toEqual([dead]);
    expect((await readdir(dir)).sort()).toEqual([`.all.rss.${process.pid}.12345678.tmp`, '.gitkeep', '.notes.tmp', 'all.atom'].sort());
  });

  it('finds nothing to clean in a folder that does not exist yet', async () => {
    expect(await cleanTempFiles(join(tmpdir(), 'tributary-no-such-folder', 'feeds'))).toEqual([]);
  });
});
