import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** writeFileAtomic's temp names: `.<file>.<pid>.<8 hex>.tmp`. */
const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Deletes the temp files that writeFileAtomic left in `dir` when its process was killed mid-write
 * (SIGKILL, power loss): they are never renamed into place, so nothing else ever removes them.
 * A file whose writer is still alive is left alone. Resolves with the names deleted; a missing
 * folder has none.
 */
export async function cleanTempFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const stale = names.filter((name) => {
    const pid = TEMP_NAME.exec(name)?.[1];
    return pid !== undefined && !isAlive(Number(pid));
  });
  await Promise.all(stale.map((name) => rm(join(dir, name), { force: true })));
  return stale;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
