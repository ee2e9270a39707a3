import type Database from 'libsql';
import type { IndexRef, IndexRow, NewestIndex } from './newest-index.js';
import type { SqliteAdapter } from './sqlite-adapter.js';
import { statementCache } from './statement-cache.js';

/*
 * The index as a table in the store's SQLite file, beside keyv's. Its rows are written in the same
 * transaction as the commit's items (see SqliteAdapter.writeTogether): a crash keeps both or neither.
 */

const SCHEMA =
  'CREATE TABLE IF NOT EXISTS newest_index (key TEXT PRIMARY KEY, published INTEGER NOT NULL, expires INTEGER NOT NULL, source TEXT NOT NULL, link TEXT);' +
  'CREATE INDEX IF NOT EXISTS newest_index_order ON newest_index (published DESC, key DESC);' +
  'CREATE INDEX IF NOT EXISTS newest_index_expires ON newest_index (expires);';

/*
 * The index's row count, kept by triggers, so a commit trims to the capacity from the oldest end in
 * O(log n) instead of stepping over the `capacity` rows it keeps (LIMIT -1 OFFSET capacity), a walk
 * that grew with the capacity (0.03 ms a commit at 5,000 rows, 0.5 ms at 50,000). Triggers, not a
 * count kept in this process: another process may write the same file. An upsert that updates a
 * row fires no INSERT trigger. Created in a commit's transaction (see commit()), so the count is
 * taken and the triggers start with no write between them.
 */
const SIZE_SCHEMA =
  'CREATE TABLE IF NOT EXISTS newest_index_size (id INTEGER PRIMARY KEY CHECK (id = 1), rows INTEGER NOT NULL);' +
  'INSERT OR IGNORE INTO newest_index_size (id, rows) SELECT 1, count(*) FROM newest_index;' +
  'CREATE TRIGGER IF NOT EXISTS newest_index_added AFTER INSERT ON newest_index BEGIN UPDATE newest_index_size SET rows = rows + 1 WHERE id = 1; END;' +
  'CREATE TRIGGER IF NOT EXISTS newest_index_removed AFTER DELETE ON newest_index BEGIN UPDATE newest_index_size SET rows = rows - 1 WHERE id = 1; END;';

/** The rows beyond the capacity, oldest first (the index's order read backwards). Exported for the test of its query plan. */
export const TRIM_SQL = 'DELETE FROM newest_index WHERE key IN (SELECT key FROM newest_index ORDER BY published ASC, key ASC LIMIT max(0, (SELECT rows FROM newest_index_size WHERE id = 1) - ?))';

interface Row {
  key: string;
  published: number;
  source: string;
  link: string | null;
}

export class SqliteNewestIndex implements NewestIndex {
  /** Statements per connection: the adapter may reopen its file (see SqliteAdapter.writing). */
  private readonly prepared = statementCache(prepare);
  /** The trim, prepared on a connection once the row count it reads exists there. */
  private readonly trim = statementCache((db) => db.prepare(TRIM_SQL));

  constructor(
    private readonly adapter: SqliteAdapter,
    private readonly capacity: number,
  ) {
    adapter.database.exec(SCHEMA);
  }

  commit(rows: readonly IndexRow[], nowMs: number, setEntries: () => Promise<void>): Promise<void> {
    const writeRows = (db: Database.Database) => {
      const statements = this.statements(db);
      for (const row of rows) statements.upsert.run(row.key, row.publishedMs, row.expiresMs, row.sourceKey, row.linkKey ?? null);
      statements.dropExpired.run(nowMs);
      // Looked for at every commit, not once per connection: a commit rolled back takes the count
      // it created with it, and a file written by an older version has none until its first commit.
      if (statements.sizeKept.get() === undefined) db.exec(SIZE_SCHEMA);
      this.trim(db).run(this.capacity);
    };
    return this.adapter.writeTogether(writeRows, setEntries);
  }

  async *pages(pageSize: number, nowMs: number): AsyncGenerator<IndexRef[], void, undefined> {
    let rows = this.statements().firstPage.all(nowMs, pageSize) as Row[];
    while (rows.length > 0) {
      yield rows.map(toRef);
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1]!;
      rows = this.statements().nextPage.all(nowMs, last.published, last.key, pageSize) as Row[];
    }
  }

  async count(nowMs: number): Promise<number> {
    return (this.statements().count.get(nowMs) as { n: number }).n;
  }

  async nextExpiryMs(nowMs: number): Promise<number | undefined> {
    return (this.statements().nextExpiry.get(nowMs) as { at: number | null }).at ?? undefined;
  }

  private statements(db: Database.Database = this.adapter.database): Statements {
    return this.prepared(db);
  }
}

function toRef(row: Row): IndexRef {
  return { key: row.key, publishedMs: row.published, sourceKey: row.source, ...(row.link === null ? {} : { linkKey: row.link }) };
}

type Statements = ReturnType<typeof prepare>;

function prepare(db: Database.Database) {
  const columns = 'SELECT key, published, source, link FROM newest_index';
  const order = 'ORDER BY published DESC, key DESC LIMIT ?';
  return {
    upsert: db.prepare(
      'INSERT INTO newest_index (key, published, expires, source, link) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET published = excluded.published, expires = excluded.expires, source = excluded.source, link = excluded.link',
    ),
    dropExpired: db.prepare('DELETE FROM newest_index WHERE expires <= ?'),
    sizeKept: db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'newest_index_removed'"),
    firstPage: db.prepare(`${columns} WHERE expires > ? ${order}`),
    // Keyset pagination: after the last row of the page before, in the index's own order.
    nextPage: db.prepare(`${columns} WHERE expires > ? AND (published, key) < (?, ?) ${order}`),
    count: db.prepare('SELECT count(*) AS n FROM newest_index WHERE expires > ?'),
    nextExpiry: db.prepare('SELECT min(expires) AS at FROM newest_index WHERE expires > ?'),
  };
}
