import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Keyv } from 'keyv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors/store-error.js';
import { initialFetchState } from '../../src/model/fetch-state.js';
import { KeyvItemStore } from '../../src/store/keyv-item-store.js';
import { openKeyv } from '../../src/store/open-keyv.js';
import type { SqliteAdapter } from '../../src/store/sqlite-adapter.js';
import { sqliteKeyLister } from '../../src/store/key-lister.js';
import { SqliteChangeLog } from '../../src/store/sqlite-change-log.js';
import { SqliteNewestIndex } from '../../src/store/sqlite-newest-index.js';

const state = (key: string, etag: string) => ({ ...initialFetchState(key, `https://${key}.example/feed`), etag });

describe('saving fetch states', () => {
  let dir: string;
  let keyv: Keyv;
  let store: KeyvItemStore;
  /** Each setMany keyv is asked for: the keys it wrote together. */
  let writes: string[][];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-states-'));
    keyv = await openKeyv(`sqlite://${join(dir, 'store.db')}`, { namespace: 'tributary' });
    writes = [];
    const setMany = keyv.setMany.bind(keyv);
    keyv.setMany = (async (entries: Array<{ key: string }>) => {
      writes.push(entries.map((entry) => entry.key));
      return setMany(entries as Parameters<typeof setMany>[0]);
    }) as typeof keyv.setMany;
    const adapter = keyv.store as SqliteAdapter;
    const backend = { index: new SqliteNewestIndex(adapter, 5000), changes: new SqliteChangeLog(adapter, 30 * 86_400_000), listKeys: sqliteKeyLister(adapter) };
    store = new KeyvItemStore(keyv, 'sqlite://store.db', backend, { retentionDays: 30, seenRetentionDays: 365 });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the states saved in one turn together, and each caller sees its own saved', async () => {
    await Promise.all([store.saveState(state('a', '"a1"')), store.saveState(state('b', '"b1"')), store.saveState(state('c', '"c1"'))]);
    expect(writes).toEqual([['state:a', 'state:b', 'state:c']]);
    expect(await store.getState('b')).toMatchObject({ etag: '"b1"' });
  });

  it('keeps the last of two saves of one source in a turn, and starts a new write for later saves', async () => {
    await Promise.all([store.saveState(state('a', '"old"')), store.saveState(state('a', '"new"'))]);
    await store.saveState(state('b', '"b1"'));
    expect(writes).toEqual([['state:a'], ['state:b']]);
    expect(await store.getState('a')).toMatchObject({ etag: '"new"' });
  });

  it('writes states still waiting when the store is closed', async () => {
    const saved = store.saveState(state('a', '"a1"'));
    await store.close();
    await saved;
    const reopened = await openKeyv(`sqlite://${join(dir, 'store.db')}`, { namespace: 'tributary' });
    expect(await reopened.get('state:a')).toMatchObject({ etag: '"a1"' });
    await reopened.disconnect();
  });

  it('fails every caller of a write that fails, with a StoreError', async () => {
    keyv.setMany = (async () => {
      throw new Error('disk full');
    }) as typeof keyv.setMany;
    const results = await Promise.allSettled([store.saveState(state('a', '"a1"')), store.saveState(state('b', '"b1"'))]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(StoreError);
      expect(String((result as PromiseRejectedResult).reason.message)).toContain('disk full');
    }
  });
});
