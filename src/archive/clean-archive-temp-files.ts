import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { cleanTempFiles } from '../fs/clean-temp-files.js';

/**
 * cleanTempFiles over the archive's folder and every folder under it (the files are in year and
 * month folders): the temp files of writes cut short by a kill. Resolves with their paths.
 */
export async function cleanArchiveTempFiles(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await listDirs(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const removed: string[] = [];
  for (const folder of ['', ...entries]) removed.push(...(await cleanTempFiles(join(dir, folder))).map((name) => join(folder, name)));
  return removed;
}

async function listDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}
