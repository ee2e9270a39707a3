#!/usr/bin/env node
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { distPath } from './lib/contenders.mjs';
import { envNumber, progress, saveResult } from './lib/report.mjs';
import { median } from './lib/stats.mjs';
import { createStoredItems } from './lib/stored-items.mjs';

/*
 * store: 100,000 items through the project's store (openItemStore over SQLite/libsql), committed
 * 40 at a time with their fetch state, as the pipeline does (2,500 sources). Then the same items
 * again (every one unchanged: the dedup reads), single-key reads and getMany reads of every item
 * through keyv, and newestItems(100). In-process, timed with a monotonic clock; median of runs.
 * @keyv/sqlite is not run here: it depends on sqlite3, whose install downloads a prebuilt binary
 * (not reachable) or compiles it (~90 s native build); it was measured at 260–600 writes/s.
 *   BENCH_STORE_ITEMS=100000  BENCH_RUNS=3
 */

const total = envNumber('BENCH_STORE_ITEMS', 100_000);
const perSource = 40;
const runs = envNumber('BENCH_RUNS', 3);
const dist = distPath();
const { openItemStore } = await import(pathToFileURL(join(dist, 'store', 'open-item-store.js')).href);
const { openKeyv } = await import(pathToFileURL(join(dist, 'store', 'open-keyv.js')).href);
const { hashId, itemKey } = await import(pathToFileURL(join(dist, 'store', 'store-keys.js')).href);
const { initialFetchState } = await import(pathToFileURL(join(dist, 'model', 'fetch-state.js')).href);

const sources = Math.ceil(total / perSource);
progress(`store: generating ${total} items (${sources} sources x ${perSource})`);
const factory = createStoredItems();
const batches = Array.from({ length: sources }, (_, s) => ({ key: `feed-${s}`, items: factory.items(s, perSource) }));
const options = { retentionDays: 30, seenRetentionDays: 365 };
const now = new Date();

const results = { write: [], dedup: [], get: [], getMany: [], newest: [], fileMB: [], rawWrite: [] };
for (let run = 1; run <= runs; run++) {
  const dir = await mkdtemp(join(tmpdir(), 'tributary-bench-store-'));
  const uri = `sqlite://${join(dir, 'store.db')}`;
  try {
    const store = await openItemStore(uri, options);
    let started = performance.now();
    for (const batch of batches) await store.commit(batch.key, batch.items, initialFetchState(batch.key, `http://127.0.0.1/feeds/${batch.key}.xml`), now);
    results.write.push(total / ((performance.now() - started) / 1000));

    started = performance.now();
    for (const batch of batches) {
      const result = await store.commit(batch.key, batch.items, initialFetchState(batch.key, `http://127.0.0.1/feeds/${batch.key}.xml`), now);
      if (result.added.length + result.updated.length > 0) throw new Error('re-commit of the same items changed something');
    }
    results.dedup.push(total / ((performance.now() - started) / 1000));

    started = performance.now();
    const newest = await store.newestItems(100);
    results.newest.push(performance.now() - started);
    if (newest.length !== 100) throw new Error(`newestItems(100) gave ${newest.length}`);
    await store.close();

    const keyv = await openKeyv(uri, { namespace: 'tributary' });
    const keys = batches.flatMap((batch) => batch.items.map((item) => itemKey(batch.key, hashId(item.externalId))));
    shuffle(keys);
    started = performance.now();
    for (const key of keys) if ((await keyv.get(key)) === undefined) throw new Error(`missing ${key}`);
    results.get.push(keys.length / ((performance.now() - started) / 1000));
    started = performance.now();
    for (let i = 0; i < keys.length; i += 500) await keyv.getMany(keys.slice(i, i + 500));
    results.getMany.push(keys.length / ((performance.now() - started) / 1000));
    // The SQLite layer alone: the same items and seen records, 80 entries a transaction, no index or state.
    await keyv.clear();
    started = performance.now();
    for (const batch of batches) {
      await keyv.setMany(
        batch.items.flatMap((item) => {
          const id = hashId(item.externalId);
          return [
            { key: `item:${batch.key}:${id}`, value: item, ttl: 30 * 86_400_000 },
            { key: `seen:${batch.key}:${id}`, value: { firstSeenAt: now.toISOString() }, ttl: 365 * 86_400_000 },
          ];
        }),
      );
    }
    results.rawWrite.push(total / ((performance.now() - started) / 1000));
    await keyv.disconnect();
    results.fileMB.push(((await stat(join(dir, 'store.db'))).size + (await stat(join(dir, 'store.db-wal')).catch(() => ({ size: 0 }))).size) / 1e6);
    progress(
      `store run ${run}/${runs}: ${Math.round(results.write.at(-1))} writes/s, ${Math.round(results.dedup.at(-1))} dedup items/s, ${Math.round(results.get.at(-1))} gets/s, ${Math.round(results.getMany.at(-1))} getMany reads/s, newest(100) ${results.newest.at(-1).toFixed(1)} ms, raw setMany ${Math.round(results.rawWrite.at(-1))} items/s`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const writes = median(results.write);
await saveResult('store', {
  parameters: { items: total, perCommit: perSource, runs, adapter: 'keyv over libsql (src/store/sqlite-adapter.ts)' },
  rows: [
    {
      metric: 'items written (commit, 40 per transaction, with state and index)',
      unit: 'items/s',
      tributary: writes,
      baseline: 430,
      ratio: writes / 430,
      ratioOf: 'tributary / @keyv/sqlite (measured at 260–600 writes/s: the midpoint)',
      target: "above @keyv/sqlite's 260–600 writes/s",
      met: writes > 600,
    },
    { metric: 'keyv setMany alone: items + seen records, 40 items a transaction, no index or state', unit: 'items/s', tributary: median(results.rawWrite) },
    { metric: 're-commit unchanged items (dedup reads)', unit: 'items/s', tributary: median(results.dedup) },
    { metric: 'keyv get, one key at a time, random order', unit: 'reads/s', tributary: median(results.get) },
    { metric: 'keyv getMany, 500 keys a call', unit: 'reads/s', tributary: median(results.getMany) },
    { metric: 'newestItems(100) with the store full', unit: 'ms', tributary: median(results.newest) },
    { metric: 'database size (db + wal)', unit: 'MB', tributary: median(results.fileMB) },
  ],
  runs: [results],
  notes: ['@keyv/sqlite was not installed: it depends on sqlite3 (prebuild-install download, else a ~90 s node-gyp compile); its figures are earlier measurements of it.'],
});

/** @param {unknown[]} list */
function shuffle(list) {
  let state = 12345;
  for (let i = list.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    [list[i], list[j]] = [list[j], list[i]];
  }
}
