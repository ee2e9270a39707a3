import { spawnSync } from 'node:child_process';
import { chmod, chown, mkdir, open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'libsql';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { createWorkspace } from '../helpers/temp-workspace.js';
import { duplicatesOf } from './output-files.js';
import { runFaultScenario, type FaultScenarioResult } from './store-fault-scenario.js';

const FOUR = ['story-4', 'story-3', 'story-2', 'story-1'];

function expectRecovered(result: FaultScenarioResult): void {
  expect(result.outputsKept).toBe(true);
  expect(result.exitCode).toBe(0);
  expect(duplicatesOf(result.stored)).toEqual([]);
  expect(result.stored).toEqual(FOUR);
  expect(result.log).not.toContain('"msg":"poll crashed"');
  expect(result.log).not.toContain('uncaught exception');
}

describe('the daemon on a SQLite store that fails', () => {
  // runCli checks that dist/ is fresh; the daemons below are spawned without that check.
  beforeAll(async () => {
    expect((await runCli(['--version'])).code).toBe(0);
  });

  it('logs a locked database, keeps the outputs, and stores everything once the lock is released', async () => {
    const work = await createWorkspace();
    let holder: Database.Database | undefined;
    const result = await runFaultScenario({
      ...work,
      induce: async () => {
        holder = new Database(work.storeFile);
        holder.pragma('busy_timeout = 10000');
        holder.exec('BEGIN EXCLUSIVE');
      },
      clear: async () => {
        holder?.exec('ROLLBACK');
        holder?.close();
      },
      faultLogged: /database is locked|SQLITE_BUSY/,
    });
    expectRecovered(result);
  }, 240_000);

  it('logs a database file made read-only, keeps the outputs, and stores everything once it is writable again', async () => {
    const work = await createWorkspace();
    // File modes do not stop root: the daemon runs as nobody, owner of the workspace.
    const nobody = { uid: 65534, gid: 65534 };
    await chownTree(work.dir, nobody);
    const result = await runFaultScenario({
      ...work,
      user: nobody,
      // The open connection keeps writing whatever the mode: the fault bites when the store is opened.
      restartAfterInduce: true,
      induce: () => chmod(work.storeFile, 0o444),
      clear: () => chmod(work.storeFile, 0o644),
      faultLogged: /readonly database|SQLITE_READONLY/,
    });
    expectRecovered(result);
  }, 240_000);

  it('logs a full disk, keeps the outputs, and stores everything once space is freed', async (context) => {
    const work = await createWorkspace();
    const dataDir = join(work.dir, 'data');
    await mkdir(dataDir, { recursive: true });
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dataDir], { encoding: 'utf8' });
    if (mounted.status !== 0) {
      // Mounting a tmpfs needs root (CAP_SYS_ADMIN); CI runs as root, so there it must work.
      if (process.env.CI) throw new Error(`cannot mount a tmpfs for the full-disk case: ${mounted.stderr}`);
      console.warn(`full-disk case skipped: cannot mount a tmpfs (${mounted.stderr.trim()})`);
      context.skip();
    }
    const filler = join(dataDir, 'filler');
    try {
      const result = await runFaultScenario({
        ...work,
        induce: () => fillDisk(filler),
        clear: () => rm(filler, { force: true }),
        faultLogged: /database or disk is full|SQLITE_FULL|ENOSPC/,
      });
      expectRecovered(result);
    } finally {
      spawnSync('umount', ['-l', dataDir]);
    }
  }, 240_000);
});

/** Writes `file` until the file system has no space left. */
async function fillDisk(file: string): Promise<void> {
  const handle = await open(file, 'w');
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) await handle.write(block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    await handle.close();
  }
}

async function chownTree(dir: string, user: { uid: number; gid: number }): Promise<void> {
  await chown(dir, user.uid, user.gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(path, user);
    else await chown(path, user.uid, user.gid);
  }
}
