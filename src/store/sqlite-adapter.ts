import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'libsql';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import { StagedWrites } from './staged-writes.js';

/*
 * A keyv 5 store over SQLite through `libsql`, a better-sqlite3-compatible synchronous API that
 * installs from the registry without compiling. @keyv/sqlite was rejected: 260–600 writes/s, it
 * reports expired keys as present, its iterator overflows the stack past ~31,000 entries, and it
 * needs a native compile.
 */

export interface SqliteAdapterOptions {
  /** Epoch-ms clock for TTLs. @default Date.now */
  now?: () => number;
  /** How often, at most, a write also deletes expired rows. @default 300000 (5 minutes) */
  sweepIntervalMs?: number;
}

/** Rows per page of the iterator. */
const PAGE_SIZE = 500;

interface Entry {
  key: string;
  value: unknown;
  ttl?: number;
}

/**
 * Keys are stored as keyv hands them over (already prefixed with `<namespace>:`); values are keyv's
 * serialized strings. Expired rows read as absent and are deleted by a sweep that rides on writes.
 */
export class SqliteAdapter extends EventEmitter implements KeyvStoreAdapter {
  /** keyv reads `dialect` to decide the store can be iterated. */
  readonly opts: { dialect: 'sqlite'; url: string };
  namespace?: string | undefined;

  private db: Database.Database;
  private readonly now: () => number;
  private readonly sweepIntervalMs: number;
  private lastSweepAt = Number.NEGATIVE_INFINITY;
  private statements: Statements;
  private writeMany: WriteMany;
  /** A write found the file read-only: SQLite opened it so and stays so; the next write reopens it. */
  private reopenBeforeWrite = false;
  /** Writes of tables beside keyv's (the newest-items index, the change log) staged for the setMany of writeTogether. */
  private readonly staged = new StagedWrites<Database.Database>();

  constructor(
    private readonly file: string,
    options: SqliteAdapterOptions = {},
  ) {
    super();
    this.opts = { dialect: 'sqlite', url: `sqlite://${file}` };
    this.now = options.now ?? Date.now;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 300_000;
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    ({ db: this.db, statements: this.statements, writeMany: this.writeMany } = this.openDatabase(file));
    this.sweepExpired();
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    this.assertOpen();
    const row = this.statements.get.get(key, this.now()) as { value: string } | undefined;
    // keyv's adapter contract hands back the serialized string; keyv deserializes it.
    return row?.value as StoredData<Value> | undefined;
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    this.assertOpen();
    if (keys.length === 0) return [];
    const rows = this.statements.getMany.all(JSON.stringify(keys), this.now()) as Array<{ key: string; value: string }>;
    const values = new Map(rows.map((row) => [row.key, row.value]));
    return keys.map((key) => values.get(key) as StoredData<Value | undefined>);
  }

  async has(key: string): Promise<boolean> {
    this.assertOpen();
    return this.statements.has.get(key, this.now()) !== undefined;
  }

  async set(key: string, value: unknown, ttl?: number): Promise<void> {
    this.assertOpen();
    this.writing(() => this.write(key, value, ttl));
    this.sweepIfDue();
  }

  /** Writes every entry in one transaction (with the writes staged by writeTogether): all of it or none. */
  async setMany(entries: Entry[]): Promise<void> {
    this.assertOpen();
    const extra = this.staged.take();
    this.writing(() => this.writeMany(entries, extra));
    this.sweepIfDue();
  }

  /** The open connection, for tables of the store's own beside keyv's. It changes when the file is reopened. */
  get database(): Database.Database {
    return this.db;
  }

  /**
   * Runs `write` (of a table beside keyv's) in one transaction with the keyv entries that `setEntries`
   * writes, after them: both or neither. keyv serializes the entries and hands them to setMany, so
   * `write` is staged for that call; `setEntries` must make exactly that one setMany, or this throws.
   * A writeTogether inside another's `setEntries` stages its write beside the outer one (see
   * StagedWrites). Callers serialize their commits (the store's queue), so no other write can take it.
   */
  writeTogether(write: (db: Database.Database) => void, setEntries: () => Promise<void>): Promise<void> {
    return this.staged.around(write, setEntries);
  }

  async delete(key: string): Promise<boolean> {
    this.assertOpen();
    return this.writing(() => this.statements.delete.run(key).changes > 0);
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    this.assertOpen();
    return this.writing(() => this.statements.deleteMany.run(JSON.stringify(keys)).changes > 0);
  }

  /** Deletes this namespace's keys, or every key when there is no namespace. */
  async clear(): Promise<void> {
    this.assertOpen();
    const [from, to] = namespaceRange(this.namespace);
    this.writing(() => this.statements.deleteRange.run(from, to));
  }

  /** Pages through the namespace by key (keyset pagination), so its size never matters. */
  async *iterator<Value>(namespace?: string): AsyncGenerator<Array<string | Awaited<Value> | undefined>, void> {
    this.assertOpen();
    const [from, to] = namespaceRange(namespace);
    let rows = this.statements.firstPage.all(from, to, this.now(), PAGE_SIZE) as Array<{ key: string; value: string }>;
    while (rows.length > 0) {
      for (const row of rows) yield [row.key, row.value];
      const last = rows[rows.length - 1]!.key;
      if (rows.length < PAGE_SIZE) return;
      rows = this.statements.nextPage.all(last, to, this.now(), PAGE_SIZE) as Array<{ key: string; value: string }>;
    }
  }

  /** The live keys from `prefix` (as stored: with the namespace) up to the end of its range, a page at a time, in order; no value is read. */
  async *keyPages(prefix: string): AsyncGenerator<string[], void> {
    this.assertOpen();
    const to = `${prefix.slice(0, -1)}${String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)}`;
    let keys = (this.statements.firstKeys.all(prefix, to, this.now(), PAGE_SIZE) as Array<{ key: string }>).map((row) => row.key);
    while (keys.length > 0) {
      yield keys;
      if (keys.length < PAGE_SIZE) return;
      keys = (this.statements.nextKeys.all(keys[keys.length - 1]!, to, this.now(), PAGE_SIZE) as Array<{ key: string }>).map((row) => row.key);
    }
  }

  async disconnect(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private openDatabase(file: string): { db: Database.Database; statements: Statements; writeMany: WriteMany } {
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      // A checkpoint runs inside the commit that crosses this many WAL pages, on the event loop.
      // At SQLite's default (1,000 pages, 4 MB) a cold cycle of 1,000 sources ran one every few
      // commits: half its commit time. At 10,000 (40 MB), 1,000 commits of 40 items took 1.26 s
      // instead of 2.0 s, and the cold cycle's wall 0.96× (bench/RESULTS.md).
      db.pragma('wal_autocheckpoint = 10000');
      // The WAL file keeps its largest size once grown; past a burst (a first cycle) it shrinks back to this.
      db.pragma('journal_size_limit = 67108864');
      db.exec('CREATE TABLE IF NOT EXISTS keyv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER);' + 'CREATE INDEX IF NOT EXISTS keyv_expires ON keyv (expires);');
    } catch (error) {
      db.close();
      throw error;
    }
    const writeMany = immediateTransaction(db, (entries: readonly Entry[], extra: ReadonlyArray<(db: Database.Database) => void>) => {
      for (const entry of entries) this.write(entry.key, entry.value, entry.ttl);
      for (const write of extra) write(db);
    });
    return { db, statements: prepareStatements(db), writeMany };
  }

  /**
   * Runs a write. SQLite opens a file it may not write read-only and keeps it so after the operator
   * fixes the mode; so a read-only failure makes the next write reopen the file (once it opens, the
   * old connection is closed), and the store heals without a restart.
   */
  private writing<T>(write: () => T): T {
    if (this.reopenBeforeWrite && this.file !== ':memory:') {
      const reopened = this.openDatabase(this.file);
      this.db.close();
      ({ db: this.db, statements: this.statements, writeMany: this.writeMany } = reopened);
      this.reopenBeforeWrite = false;
    }
    try {
      return write();
    } catch (error) {
      if (isReadOnlyError(error)) this.reopenBeforeWrite = true;
      throw error;
    }
  }

  /** libsql's prepared statements keep working after close(); a closed store must not. */
  private assertOpen(): void {
    if (!this.db.open) throw new Error(`the SQLite store ${this.opts.url} is closed`);
  }

  private write(key: string, value: unknown, ttl: number | undefined): void {
    if (typeof value !== 'string') {
      throw new TypeError(`sqlite store keeps serialized strings; got ${typeof value} for key "${key}"`);
    }
    const expires = typeof ttl === 'number' && ttl > 0 ? Math.ceil(this.now() + ttl) : null;
    this.statements.upsert.run(key, value, expires);
  }

  private sweepIfDue(): void {
    if (this.now() - this.lastSweepAt >= this.sweepIntervalMs) this.sweepExpired();
  }

  /** Deletes expired rows. A failure here fails no caller: it is reported as an 'error' event. */
  private sweepExpired(): void {
    this.lastSweepAt = this.now();
    try {
      this.statements.sweep.run(this.lastSweepAt);
    } catch (error) {
      if (this.listenerCount('error') > 0) this.emit('error', error);
    }
  }
}

/**
 * `fn` in a BEGIN IMMEDIATE transaction. Not libsql's db.transaction(): on a full disk SQLite rolls
 * the transaction back itself at COMMIT, and libsql's unconditional ROLLBACK then throws "cannot
 * rollback - no transaction is active", hiding the error an operator needs ("database or disk is full").
 */
function immediateTransaction<Args extends unknown[]>(db: Database.Database, fn: (...args: Args) => void): (...args: Args) => void {
  return (...args) => {
    db.exec('BEGIN IMMEDIATE');
    try {
      fn(...args);
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) {
        try {
          db.exec('ROLLBACK');
        } catch {
          // The error that ended the transaction is the one to report.
        }
      }
      throw error;
    }
  };
}

/** SQLITE_READONLY and its extended codes (libsql names some only by number), or their message. */
function isReadOnlyError(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (typeof code === 'string' && code.startsWith('SQLITE_READONLY')) || (typeof message === 'string' && message.includes('readonly database'));
}

/**
 * The key range of a namespace: keyv prefixes keys with `<namespace>:`, and every such key sorts
 * (bytewise) from that prefix up to `<namespace>;`, ';' being the character after ':'.
 * Without a namespace the range is every key: SQLite sorts any TEXT before any BLOB.
 */
function namespaceRange(namespace: string | undefined): [from: string, to: string | Buffer] {
  if (namespace === undefined) return ['', Buffer.alloc(0)];
  return [`${namespace}:`, `${namespace};`];
}

type Statements = ReturnType<typeof prepareStatements>;
type WriteMany = (entries: readonly Entry[], extra: ReadonlyArray<(db: Database.Database) => void>) => void;

function prepareStatements(db: Database.Database) {
  const live = '(expires IS NULL OR expires > ?)';
  return {
    get: db.prepare(`SELECT value FROM keyv WHERE key = ? AND ${live}`),
    // json_each takes any number of keys in one bound parameter: no variable limit, one statement.
    getMany: db.prepare(`SELECT key, value FROM keyv WHERE key IN (SELECT value FROM json_each(?)) AND ${live}`),
    has: db.prepare(`SELECT 1 FROM keyv WHERE key = ? AND ${live}`),
    upsert: db.prepare('INSERT INTO keyv (key, value, expires) VALUES (?, ?, ?) ' + 'ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires'),
    delete: db.prepare('DELETE FROM keyv WHERE key = ?'),
    deleteMany: db.prepare('DELETE FROM keyv WHERE key IN (SELECT value FROM json_each(?))'),
    deleteRange: db.prepare('DELETE FROM keyv WHERE key >= ? AND key < ?'),
    sweep: db.prepare('DELETE FROM keyv WHERE expires IS NOT NULL AND expires <= ?'),
    firstPage: db.prepare(`SELECT key, value FROM keyv WHERE key >= ? AND key < ? AND ${live} ORDER BY key LIMIT ?`),
    nextPage: db.prepare(`SELECT key, value FROM keyv WHERE key > ? AND key < ? AND ${live} ORDER BY key LIMIT ?`),
    firstKeys: db.prepare(`SELECT key FROM keyv WHERE key >= ? AND key < ? AND ${live} ORDER BY key LIMIT ?`),
    nextKeys: db.prepare(`SELECT key FROM keyv WHERE key > ? AND key < ? AND ${live} ORDER BY key LIMIT ?`),
  };
}
