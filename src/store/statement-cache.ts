import type Database from 'libsql';

/**
 * Statements prepared once per connection: the adapter may reopen its database (after a lost
 * file), and a statement of the old connection must not be used on the new one.
 */
export function statementCache<S>(prepare: (db: Database.Database) => S): (db: Database.Database) => S {
  const prepared = new WeakMap<Database.Database, S>();
  return (db) => {
    let statements = prepared.get(db);
    if (statements === undefined) {
      statements = prepare(db);
      prepared.set(db, statements);
    }
    return statements;
  };
}
