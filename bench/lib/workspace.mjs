import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throw-away folder with a Tributary config over the first `feeds` fixture feeds, its store
 * file and output folder. Tributary gets fetch.concurrency 16 like the baseline; every fixture
 * feed is on one host (127.0.0.1), so perHostConcurrency is raised to 16 too.
 * @typedef {{ dir: string, config: string, storeUri: string, out: string, remove: () => Promise<void> }} Workspace
 * @param {{ feeds: number, feedUrl: (i: number) => string, extra?: Record<string, unknown> }} options
 * @returns {Promise<Workspace>}
 */
export async function createWorkspace(options) {
  const dir = await mkdtemp(join(tmpdir(), 'tributary-bench-'));
  const out = join(dir, 'feeds');
  const config = {
    output: { title: 'Tributary bench', id: 'urn:tributary:bench', selfUrl: 'http://127.0.0.1:8080/feeds/all.atom', dir: out, maxItems: 100 },
    sources: Array.from({ length: options.feeds }, (_, i) => ({ key: `feed-${i}`, name: `Crypto Wire ${i}`, url: options.feedUrl(i) })),
    fetch: { concurrency: 16, perHostConcurrency: 16 },
    store: { uri: `sqlite://${join(dir, 'store.db')}` },
    ...options.extra,
  };
  const configFile = join(dir, 'feeds.json');
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);
  return {
    dir,
    config: configFile,
    storeUri: config.store.uri,
    out,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A fresh, empty store in the same workspace (the config stays). @param {Workspace} ws */
export async function emptyStore(ws) {
  const file = ws.storeUri.replace(/^sqlite:\/\//, '');
  for (const suffix of ['', '-wal', '-shm']) await rm(`${file}${suffix}`, { force: true });
  await rm(ws.out, { recursive: true, force: true });
}
