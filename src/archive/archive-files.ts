import { readFile, rm, stat } from 'node:fs/promises';
import { ArchiveError } from '../errors/archive-error.js';
import { describeError } from '../errors/tributary-error.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';

/*
 * The archiver's file operations: each failure an ArchiveError naming the file (ARCHIVE_WRITE_FAILED).
 */

/** What tells a file unchanged since it was last read or written. */
export interface FileStat {
  size: number;
  mtimeMs: number;
}

export function sameFile(a: FileStat, b: FileStat): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}

export async function statOf(file: string): Promise<FileStat | undefined> {
  try {
    const { size, mtimeMs } = await stat(file);
    return { size, mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ArchiveError('ARCHIVE_WRITE_FAILED', file, `could not read: ${describeError(error)}`, { cause: error });
  }
}

export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ArchiveError('ARCHIVE_WRITE_FAILED', file, `could not read: ${describeError(error)}`, { cause: error });
  }
}

export async function write(file: string, content: string): Promise<void> {
  try {
    await writeFileAtomic(file, content);
  } catch (error) {
    throw new ArchiveError('ARCHIVE_WRITE_FAILED', file, `could not write: ${describeError(error)}`, { cause: error });
  }
}

export async function remove(file: string): Promise<void> {
  try {
    await rm(file, { force: true });
  } catch (error) {
    throw new ArchiveError('ARCHIVE_WRITE_FAILED', file, `could not delete: ${describeError(error)}`, { cause: error });
  }
}
