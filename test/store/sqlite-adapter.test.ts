import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { Keyv } from 'keyv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteAdapter } from '../../src/store/sqlite-adapter.js';

let dir: string;
let file: string;
const opened: SqliteAdapter[] = [];

/** An adapter on the test's file, with a clock the test moves by hand. */
function openAdapter(clock = { now: 1_000_000 }, sweepIntervalMs?: number): SqliteAdapter {
  const adapter = new SqliteAdapter(file, { now: () => clock.now, sweepIntervalMs });
  opened.push(adapter);
  return adapter;
}

function countRows(): number {
  const db = new Database(file);
  try {
    return (db.prepare('SELECT count(*) AS n FROM keyv').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tributary-sqlite-'));
  file = join(dir, 'nested', 'deeper', 'store.db');
});

afterEach(async () => {
  for (const adapter of opened.splice(0)) await adapter.disconnect();
  await rm(dir, { recursive: true, force: true });
});

describe('SqliteAdapter', () => {
  it('creates the parent directory of its file', () => {
    openAdapter();
    expect(existsSync(file)).toBe(true);
  });

  it('stores, reads and deletes a value', async () => {
    const adapter = openAdapter();
    await adapter.set('ns:a', '"one"');
    expect(await adapter.get('ns:a')).toBe('"one"');
    expect(await adapter.delete('ns:a')).toBe(true);
    expect(await adapter.get('ns:a')).toBeUndefined();
    expect(await adapter.delete('ns:a')).toBe(false);
  });

  it('replaces the value of a key set twice', async () => {
    const adapter = openAdapter();
    await adapter.set('ns:a', '1');
    await adapter.set('ns:a', '2');
    expect(await adapter.get('ns:a')).toBe('2');
  });

  it('reports with has() a stored key present and a missing one absent', async () => {
    const adapter = openAdapter();
    await adapter.set('ns:a', '1');
    expect(await adapter.has('ns:a')).toBe(true);
    expect(await adapter.has('ns:b')).toBe(false);
  });

  it('returns getMany values in the order asked, undefined for missing keys', async () => {
    const adapter = openAdapter();
    await adapter.setMany([
      { key: 'ns:a', value: 'A' },
      { key: 'ns:b', value: 'B' },
    ]);
    expect(await adapter.getMany(['ns:b', 'ns:missing', 'ns:a'])).toEqual(['B', undefined, 'A']);
  });

  it('deletes several keys with deleteMany', async () => {
    const adapter = openAdapter();
    await adapter.setMany([
      { key: 'ns:a', value: 'A' },
      { key: 'ns:b', value: 'B' },
      { key: 'ns:c', value: 'C' },
    ]);
    expect(await adapter.deleteMany(['ns:a', 'ns:c'])).toBe(true);
    expect(await adapter.getMany(['ns:a', 'ns:b', 'ns:c'])).toEqual([undefined, 'B', undefined]);
  });

  it('reads a row past its ttl as absent', async () => {
    const clock = { now: 1_000_000 };
    const adapter = openAdapter(clock);
    await adapter.set('ns:short', 'S', 1_000);
    await adapter.set('ns:long', 'L');
    clock.now += 1_001;
    expect(await adapter.get('ns:short')).toBeUndefined();
    expect(await adapter.getMany(['ns:short', 'ns:long'])).toEqual([undefined, 'L']);
  });

  it('keeps a row until its ttl has passed', async () => {
    const clock = { now: 1_000_000 };
    const adapter = openAdapter(clock);
    await adapter.set('ns:short', 'S', 1_000);
    clock.now += 999;
    expect(await adapter.get('ns:short')).toBe('S');
  });

  it('reports with has() an expired key absent', async () => {
    const clock = { now: 1_000_000 };
    const adapter = openAdapter(clock);
    await adapter.set('ns:short', 'S', 1_000);
    clock.now += 1_001;
    expect(await adapter.has('ns:short')).toBe(false);
  });

  it('honours the ttl of each setMany entry', async () => {
    const clock = { now: 1_000_000 };
    const adapter = openAdapter(clock);
    await adapter.setMany([
      { key: 'ns:short', value: 'S', ttl: 1_000 },
      { key: 'ns:long', value: 'L', ttl: 5_000 },
    ]);
    clock.now += 2_000;
    expect(await adapter.getMany(['ns:short', 'ns:long'])).toEqual([undefined, 'L']);
  });

  it('deletes expired rows on a write once the sweep interval has passed', async () => {
    const clock = { now: 1_000_000 };
    const adapter = openAdapter(clock, 60_000);
    await adapter.set('ns:short', 'S', 1_000);
    await adapter.set('ns:keep', 'K');
    clock.now += 60_000;
    await adapter.set('ns:other', 'O');
    expect(countRows()).toBe(2);
  });

  it('clears only its own namespace', async () => {
    const adapter = openAdapter();
    adapter.namespace = 'ns';
    await adapter.setMany([
      { key: 'ns:a', value: 'A' },
      { key: 'ns:b', value: 'B' },
      { key: 'nsx:a', value: 'X' },
      { key: 'other:a', value: 'O' },
    ]);
    await adapter.clear();
    expect(await adapter.getMany(['ns:a', 'ns:b', 'nsx:a', 'other:a'])).toEqual([undefined, undefined, 'X', 'O']);
  });

  it('clears every key when it has no namespace', async () => {
    const adapter = openAdapter();
    await adapter.setMany([
      { key: 'ns:a', value: 'A' },
      { key: 'other:a', value: 'O' },
    ]);
    await adapter.clear();
    expect(countRows()).toBe(0);
  });

  it('iterates over the keys of one namespace, skipping expired rows', async () => {
    const clock = { now: 1_000_000 };
    const adapter = openAdapter(clock);
    await adapter.setMany([
      { key: 'ns:a', value: 'A' },
      { key: 'ns:b', value: 'B', ttl: 10 },
      { key: 'ns:c', value: 'C' },
      { key: 'other:a', value: 'O' },
    ]);
    clock.now += 11;
    const seen: unknown[] = [];
    for await (const entry of adapter.iterator('ns')) seen.push(entry);
    expect(seen).toEqual([
      ['ns:a', 'A'],
      ['ns:c', 'C'],
    ]);
  });

  it('iterates over 40,000 entries through keyv without overflowing, yielding each once', async () => {
    const keyv = new Keyv({ store: openAdapter(), namespace: 'big', throwOnErrors: true });
    const entries = Array.from({ length: 40_000 }, (_, i) => ({ key: `k${i}`, value: i }));
    await keyv.setMany(entries);
    const keys = new Set<string>();
    let count = 0;
    for await (const [key] of keyv.iterator!(undefined)) {
      keys.add(key as string);
      count += 1;
    }
    expect(count).toBe(40_000);
    expect(keys.size).toBe(40_000);
    expect(keys.has('k0') && keys.has('k39999')).toBe(true);
  });

  it('pages through the live keys of a prefix, in order, without the keys beside it', async () => {
    const clock = { now: 1_000_000 };
    const adapter = openAdapter(clock);
    const keys = Array.from({ length: 1_200 }, (_, i) => `ns:item:${String(i).padStart(4, '0')}`);
    await adapter.setMany([
      ...keys.map((key) => ({ key, value: 'v' })),
      { key: 'ns:iten', value: 'x' },
      { key: 'ns:item', value: 'x' },
      { key: 'ns:seen:1', value: 'x' },
      { key: 'ns:item:gone', value: 'x', ttl: 10 },
    ]);
    clock.now += 11;
    const pages: string[][] = [];
    for await (const page of adapter.keyPages('ns:item:')) pages.push(page);
    expect(pages.map((page) => page.length)).toEqual([500, 500, 200]);
    expect(pages.flat()).toEqual(keys);
  });

  it('keeps its data across close and reopen', async () => {
    const first = new Keyv({ store: openAdapter(), namespace: 'ns', throwOnErrors: true });
    await first.set('kept', { a: [1, 2] });
    await first.disconnect();
    const second = new Keyv({ store: openAdapter(), namespace: 'ns', throwOnErrors: true });
    expect(await second.get('kept')).toEqual({ a: [1, 2] });
  });

  it('writes nothing of a setMany whose later entry cannot be bound', async () => {
    const adapter = openAdapter();
    const batch = [
      { key: 'ns:a', value: 'A' },
      { key: 'ns:b', value: 'B' },
      { key: 'ns:c', value: { not: 'a string' } },
    ];
    await expect(adapter.setMany(batch)).rejects.toThrow(/serialized strings/);
    expect(await adapter.getMany(['ns:a', 'ns:b', 'ns:c'])).toEqual([undefined, undefined, undefined]);
    expect(countRows()).toBe(0);
  });

  it('rejects reads once disconnected', async () => {
    const adapter = openAdapter();
    await adapter.disconnect();
    await expect(adapter.get('ns:a')).rejects.toThrow(/is closed/);
  });

  describe('writeTogether', () => {
    const sideTable = (db: Database.Database) => db.exec('CREATE TABLE IF NOT EXISTS side (n INTEGER)');
    const sideRows = () => {
      const db = new Database(file);
      try {
        return (db.prepare('SELECT count(*) AS n FROM side').get() as { n: number }).n;
      } finally {
        db.close();
      }
    };

    it('writes the side table in the transaction of the setMany it wraps', async () => {
      const adapter = openAdapter();
      sideTable(adapter.database);
      await adapter.writeTogether(
        (db) => db.exec('INSERT INTO side VALUES (1)'),
        () => adapter.setMany([{ key: 'ns:a', value: 'A' }]),
      );
      expect(sideRows()).toBe(1);
      expect(countRows()).toBe(1);
    });

    it('rolls back the entries when the side write fails, and the side write when an entry does', async () => {
      const adapter = openAdapter();
      sideTable(adapter.database);
      const failing = () => {
        throw new Error('side write failed');
      };
      await expect(adapter.writeTogether(failing, () => adapter.setMany([{ key: 'ns:a', value: 'A' }]))).rejects.toThrow('side write failed');
      expect(countRows()).toBe(0);
      const badEntry = () => adapter.setMany([{ key: 'ns:b', value: { not: 'a string' } }]);
      await expect(adapter.writeTogether((db) => db.exec('INSERT INTO side VALUES (1)'), badEntry)).rejects.toThrow(/serialized strings/);
      expect(sideRows()).toBe(0);
    });

    it('refuses a setEntries that makes no setMany, and leaves nothing staged for a later write', async () => {
      const adapter = openAdapter();
      sideTable(adapter.database);
      await expect(
        adapter.writeTogether(
          (db) => db.exec('INSERT INTO side VALUES (1)'),
          async () => {},
        ),
      ).rejects.toThrow(/made no setMany/);
      await adapter.setMany([{ key: 'ns:a', value: 'A' }]);
      expect(sideRows()).toBe(0);
    });

    it('runs a writeTogether nested in another one in the same transaction, after the outer write', async () => {
      const adapter = openAdapter();
      sideTable(adapter.database);
      const order: string[] = [];
      await adapter.writeTogether(
        (db) => {
          order.push('outer');
          db.exec('INSERT INTO side VALUES (1)');
        },
        () =>
          adapter.writeTogether(
            (db) => {
              order.push('inner');
              db.exec('INSERT INTO side VALUES (2)');
            },
            () => adapter.setMany([{ key: 'ns:a', value: 'A' }]),
          ),
      );
      expect(order).toEqual(['outer', 'inner']);
      expect(sideRows()).toBe(2);
      const failing = () => {
        throw new Error('inner write failed');
      };
      await expect(
        adapter.writeTogether(
          (db) => db.exec('INSERT INTO side VALUES (3)'),
          () => adapter.writeTogether(failing, () => adapter.setMany([{ key: 'ns:b', value: 'B' }])),
        ),
      ).rejects.toThrow('inner write failed');
      expect(sideRows()).toBe(2);
      expect(countRows()).toBe(1);
    });

    it('goes through keyv: the entries keyv serializes and the side write land together', async () => {
      const adapter = openAdapter();
      sideTable(adapter.database);
      const keyv = new Keyv({ store: adapter, namespace: 'ns' });
      await adapter.writeTogether(
        (db) => db.exec('INSERT INTO side VALUES (1)'),
        async () => void (await keyv.setMany([{ key: 'a', value: { n: 1 } }])),
      );
      expect(await keyv.get('a')).toEqual({ n: 1 });
      expect(sideRows()).toBe(1);
    });
  });
});
