import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Every workspace this test file made: removed once the file's tests and hooks are done. A folder
 * that cannot be removed (a process a failed test left running still writing there) is left.
 */
const made: string[] = [];
afterAll(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
});

/** A fresh folder with a config file, a SQLite store and an output folder, as an operator would have. */
export interface Workspace {
  dir: string;
  configFile: string;
  storeUri: string;
  storeFile: string;
  outDir: string;
  writeConfig(config: unknown): Promise<void>;
  read(name: string): Promise<string>;
}

/** A fresh empty folder named `<prefix>XXXXXX` in the temp folder, removed once the test file is done. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export async function createWorkspace(): Promise<Workspace> {
  const dir = await tempDir('tributary-');
  const storeFile = join(dir, 'data', 'tributary.db');
  const outDir = join(dir, 'feeds');
  return {
    dir,
    configFile: join(dir, 'feeds.json'),
    storeFile,
    storeUri: `sqlite://${storeFile}`,
    outDir,
    writeConfig: (config) => writeFile(join(dir, 'feeds.json'), JSON.stringify(config, null, 2)),
    read: (name) => readFile(join(outDir, name), 'utf8'),
  };
}

/** A config for sources served by the local test server. */
export function testConfig(sources: Array<{ key: string; url: string; name?: string; schedule?: string }>, extra: Record<string, unknown> = {}) {
  return {
    output: { title: 'Test merged feed', id: 'urn:tributary:test', selfUrl: 'http://127.0.0.1:8080/feeds/all.atom', maxItems: 500 },
    sources: sources.map((source) => ({ name: source.key, ...source })),
    fetch: { timeoutMs: 5000, connectTimeoutMs: 2000, concurrency: 8 },
    // Port 0: tests run side by side, each daemon on a free port (read from its start log line).
    server: { host: '127.0.0.1', port: 0 },
    ...extra,
  };
}
