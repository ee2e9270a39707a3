import { StagedWrites } from './staged-writes.js';

/** The commands of a node-redis MULTI used here (declared, as in redis-newest-index.ts, not taken from node-redis's types). */
export interface RedisMulti {
  set(key: string, value: string, options?: { PX: number }): RedisMulti;
  addCommand(args: string[]): RedisMulti;
  exec(): Promise<unknown>;
}

/** What of @keyv/redis's adapter this relies on: its client, its key prefix and its setMany. */
export interface RedisKeyvAdapter {
  readonly namespace?: string | undefined;
  getClient(): Promise<unknown>;
  createKeyPrefix(key: string, namespace?: string): string;
  setMany(entries: Array<{ key: string; value: unknown; ttl?: number }>): Promise<unknown>;
}

/**
 * The Redis twin of SqliteAdapter.writeTogether: commands of the store's own (the change log's
 * XADD) sent in the MULTI of the keyv entries a commit writes, so both land or neither. @keyv/redis
 * builds that MULTI inside its setMany; this takes over the adapter's setMany while something is
 * staged (and only then) and builds the same MULTI itself: each entry SET under the adapter's own
 * key prefix, with its TTL as PX, as @keyv/redis does outside a cluster, then the staged commands.
 */
export class RedisCommitMulti {
  private readonly staged = new StagedWrites<RedisMulti>();

  constructor(adapter: RedisKeyvAdapter) {
    const setMany = adapter.setMany.bind(adapter);
    adapter.setMany = async (entries) => {
      const writes = this.staged.take();
      if (writes.length === 0) return void (await setMany(entries));
      const multi = ((await adapter.getClient()) as { multi(): RedisMulti }).multi();
      for (const { key, value, ttl } of entries) {
        const prefixed = adapter.createKeyPrefix(key, adapter.namespace);
        if (ttl) multi.set(prefixed, String(value), { PX: ttl });
        else multi.set(prefixed, String(value));
      }
      for (const write of writes) write(multi);
      await multi.exec();
    };
  }

  /** Runs `write` in the MULTI of the one setMany that `setEntries` makes (see StagedWrites). */
  writeTogether(write: (multi: RedisMulti) => void, setEntries: () => Promise<void>): Promise<void> {
    return this.staged.around(write, setEntries);
  }
}
