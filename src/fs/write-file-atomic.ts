import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces `file` with `content` so that a reader sees the old file or the new one, never half of
 * one: write a temp file beside it, fsync, rename over. The temp name starts with a dot and ends
 * in `.tmp` so a crash leaves nothing that looks like an output (and `cleanTempFiles` can find it).
 */
export async function writeFileAtomic(file: string, content: string | Buffer, options: { mode?: number } = {}): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const mode = options.mode ?? 0o644;
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(content);
      // The umask narrowed the mode given to open(); chmod sets it as asked (a config keeps its own).
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
