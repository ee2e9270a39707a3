import { readFile, realpath, stat } from 'node:fs/promises';
import { ConfigError } from '../errors/index.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';

/**
 * Replaces the config file with `text`, atomically (temp file beside it, fsync, rename), so the
 * daemon's watcher and any reader see the old file or the new one, never half of one. The file's
 * mode is kept, and a symlinked config is written through to its target. `expected` is the text the
 * edit was made from: if the file changed since (an operator saving in an editor), nothing is written.
 */
export async function writeConfigFile(file: string, text: string, expected: string): Promise<void> {
  const target = await realpath(file);
  if ((await readFile(target, 'utf8')) !== expected) {
    throw new ConfigError(file, [{ path: '', message: 'changed on disk while it was being edited; nothing written, run the command again' }]);
  }
  const { mode } = await stat(target);
  await writeFileAtomic(target, text, { mode: mode & 0o777 });
}
