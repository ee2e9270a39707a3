import type Database from 'libsql';

/*
 * Group commit. The writes made in one turn of the event loop share one SQLite transaction, each in
 * a savepoint of its own, and each writer is told the outcome of the group's COMMIT, made at the
 * end of that turn (setImmediate): no writer waits longer than the turn it wrote in. A busy daemon's
 * turns are long and hold many commits (the parse threads' answers that arrived meanwhile); an idle
 * one's hold one, committed at once. A news cycle commits a thousand sources a few items at a time, and every COMMIT appends
 * the pages it touched (the items', the newest-items index's, the change log's) to the WAL: one
 * transaction a source cost 0.8 s of the daemon's main thread in a cycle of about 6 s, grouped
 * ones a tenth of that. Nothing of a transaction is visible to another connection before COMMIT,
 * so a crash still keeps a commit whole or not at all; readers on this connection that must see
 * committed data only call flush() first (the item store does, for everything but a source's own
 * state and record).
 */

/** Writes at most in one group: a long turn commits at least this often. */
const MAX_WRITES = 256;

interface OpenGroup {
  committed: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
  turnEnd: NodeJS.Immediate;
  writes: number;
}

export class WriteGroup {
  private open: OpenGroup | undefined;
  /** What the last write's group came to (see written). */
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: () => Database.Database,
    /** False: every write commits at once, in a transaction of its own. */
    private readonly grouped: boolean,
  ) {}

  /**
   * Runs `write` in the open group, opening one (BEGIN IMMEDIATE, whose failure, a locked file, is
   * this write's), in a savepoint: a write that throws undoes only itself, unless SQLite ended the
   * whole transaction (a full disk, an I/O error), which fails every write of the group.
   */
  run(write: () => void): void {
    if (!this.grouped) {
      immediateTransaction(this.db(), write);
      this.last = Promise.resolve();
      return;
    }
    const group = this.open ?? this.begin();
    const db = this.db();
    db.exec('SAVEPOINT write');
    try {
      write();
      db.exec('RELEASE write');
    } catch (error) {
      if (!db.inTransaction) this.fail(group, error);
      else {
        undoSavepoint(db);
        // Nothing else to commit: the file's lock is not held for the rest of the turn.
        if (group.writes === 0) this.flush();
      }
      throw error;
    }
    this.last = group.committed;
    group.writes += 1;
    // Its writers learn the outcome from written().
    if (group.writes >= MAX_WRITES) this.flush();
  }

  /** Settles when the last write made (by run) is committed; rejects with the error that undid it. */
  written(): Promise<void> {
    return this.last;
  }

  /** Commits the open group now. Its writers learn the outcome; so does the caller: COMMIT's error, returned (never thrown). */
  flush(): unknown {
    const group = this.open;
    if (group === undefined) return undefined;
    this.open = undefined;
    clearImmediate(group.turnEnd);
    const db = this.db();
    try {
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) rollbackQuietly(db);
      group.reject(error);
      return error;
    }
    group.resolve();
    return undefined;
  }

  private begin(): OpenGroup {
    this.db().exec('BEGIN IMMEDIATE');
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const committed = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A writer that stopped waiting must not turn a failed COMMIT into an unhandled rejection.
    committed.catch(() => undefined);
    const turnEnd = setImmediate(() => void this.flush());
    this.open = { committed, resolve, reject, turnEnd, writes: 0 };
    return this.open;
  }

  private fail(group: OpenGroup, error: unknown): void {
    if (this.open === group) this.open = undefined;
    clearImmediate(group.turnEnd);
    group.reject(error);
  }
}

/**
 * `write` in a BEGIN IMMEDIATE transaction. Not libsql's db.transaction(): on a full disk SQLite rolls
 * the transaction back itself at COMMIT, and libsql's unconditional ROLLBACK then throws "cannot
 * rollback - no transaction is active", hiding the error an operator needs ("database or disk is full").
 */
function immediateTransaction(db: Database.Database, write: () => void): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    write();
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) rollbackQuietly(db);
    throw error;
  }
}

function undoSavepoint(db: Database.Database): void {
  try {
    db.exec('ROLLBACK TO write');
    db.exec('RELEASE write');
  } catch {
    // The error that undid the write is the one to report.
  }
}

function rollbackQuietly(db: Database.Database): void {
  try {
    db.exec('ROLLBACK');
  } catch {
    // The error that ended the transaction is the one to report.
  }
}
