import type { Keyv, KeyvEntry } from 'keyv';
import type { z } from 'zod';
import { describeError } from '../errors/tributary-error.js';
import { StoreError, isStoreError } from '../errors/store-error.js';
import { FetchStateSchema, type FetchState } from '../model/fetch-state.js';
import { ItemSchema, type Item } from '../model/item.js';
import { SourceFeedSchema, type CommitResult, type ItemStore, type IterateOptions, type SourceFeed } from './item-store.js';
import { readIndex, isSameIndex, updateIndex } from './newest-index.js';
import { openKeyv } from './open-keyv.js';
import { planCommit, SeenRecordSchema, type CommitCandidate } from './plan-commit.js';
import { redactUri } from './redact-uri.js';
import { createSerialQueue, type SerialQueue } from './serial-queue.js';
import { hashId, INDEX_KEY, itemKey, seenKey, stateKey } from './store-keys.js';

export interface ItemStoreOptions {
  /** Days an item is kept after it was added or last changed. */
  retentionDays: number;
  /** Days the record that an id was seen is kept (refreshed while the item keeps showing up). */
  seenRetentionDays: number;
  /** Most entries the newest-items index holds. @default 5000 */
  indexCapacity?: number;
  /** How long opening a Redis store waits for the server. @default 5000 */
  connectTimeoutMs?: number;
}

/** Every key this store writes is under this keyv namespace. */
const NAMESPACE = 'tributary';
const DAY_MS = 86_400_000;
/** Items read per round trip by newestItems and iterateNewest, at most. */
const MAX_PAGE = 500;
const DEFAULT_PAGE = 100;

/** Opens the store behind `uri` (see openKeyv) as an ItemStore. */
export async function openItemStore(uri: string, options: ItemStoreOptions): Promise<ItemStore> {
  const keyv = await openKeyv(uri, { namespace: NAMESPACE, connectTimeoutMs: options.connectTimeoutMs });
  return new KeyvItemStore(keyv, redactUri(uri), options);
}

/** The ItemStore over any keyv; see item-store.ts for what each method promises. */
export class KeyvItemStore implements ItemStore {
  private readonly retentionMs: number;
  private readonly seenRetentionMs: number;
  private readonly indexCapacity: number;
  /** Commits read, change and write the one index: they must not interleave. */
  private readonly exclusive: SerialQueue = createSerialQueue();
  private closed = false;

  /** `uri` is only used in error messages: pass it redacted. */
  constructor(
    private readonly keyv: Keyv,
    private readonly uri: string,
    options: ItemStoreOptions,
  ) {
    this.retentionMs = daysToMs(options.retentionDays);
    this.seenRetentionMs = daysToMs(options.seenRetentionDays);
    this.indexCapacity = options.indexCapacity ?? 5000;
  }

  commit(sourceKey: string, items: readonly Item[], state: FetchState, now: Date, sourceFeed?: SourceFeed): Promise<CommitResult> {
    return this.run('commit', () => this.exclusive(() => this.commitNow(sourceKey, items, state, now, sourceFeed)));
  }

  saveState(state: FetchState): Promise<void> {
    return this.run('saveState', () =>
      this.exclusive(async () => {
        await this.keyv.set(stateKey(state.sourceKey), state);
      }),
    );
  }

  /** The saved state, or undefined when there is none or it no longer fits the schema. */
  getState(sourceKey: string): Promise<FetchState | undefined> {
    return this.run('getState', async () => {
      const parsed = FetchStateSchema.safeParse(await this.keyv.get<unknown>(stateKey(sourceKey)));
      return parsed.success ? parsed.data : undefined;
    });
  }

  async newestItems(limit: number): Promise<Item[]> {
    const found: Item[] = [];
    if (limit <= 0) return found;
    for await (const item of this.readNewest('newestItems', { pageSize: Math.max(16, limit) })) {
      found.push(item);
      if (found.length >= limit) break;
    }
    return found;
  }

  iterateNewest(options: IterateOptions = {}): AsyncIterable<Item> {
    return this.readNewest('iterateNewest', options);
  }

  countIndexed(): Promise<number> {
    return this.run('countIndexed', async () => readIndex(await this.keyv.get<unknown>(INDEX_KEY)).length);
  }

  sourceFeeds(sourceKeys: readonly string[]): Promise<Map<string, SourceFeed>> {
    return this.run('sourceFeeds', async () => {
      const found = new Map<string, SourceFeed>();
      if (sourceKeys.length === 0) return found;
      const values = await this.keyv.getMany<unknown>(sourceKeys.map(sourceFeedKey));
      sourceKeys.forEach((key, i) => {
        const parsed = SourceFeedSchema.safeParse(values[i]);
        if (parsed.success) found.set(key, parsed.data);
      });
      return found;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.exclusive(() => this.keyv.disconnect());
    } catch (error) {
      throw this.toStoreError('close', error);
    }
  }

  /**
   * Pages over a snapshot of the index, newest first. Each page is one getMany; an item gone since
   * the snapshot (expired) is passed over, one that no longer fits the schema is reported and skipped.
   */
  private async *readNewest(operation: string, options: IterateOptions): AsyncGenerator<Item, void, undefined> {
    const pageSize = Math.min(MAX_PAGE, Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE)));
    const index = await this.run(operation, async () => readIndex(await this.keyv.get<unknown>(INDEX_KEY)));
    for (let next = 0; next < index.length; next += pageSize) {
      const keys = index.slice(next, next + pageSize).map(([key]) => key);
      const values = await this.run(operation, () => this.keyv.getMany<unknown>(keys));
      for (const [i, value] of values.entries()) {
        if (value === undefined || value === null) continue;
        const item = ItemSchema.safeParse(value);
        if (item.success) yield item.data;
        else options.onInvalid?.(keys[i]!, item.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
      }
    }
  }

  private async commitNow(sourceKey: string, items: readonly Item[], state: FetchState, now: Date, sourceFeed?: SourceFeed): Promise<CommitResult> {
    if (state.sourceKey !== sourceKey) {
      throw new StoreError('commit', this.uri, `state of "${state.sourceKey}" passed with items of "${sourceKey}"`);
    }
    const keyed = items.map((item) => {
      const idHash = hashId(item.externalId);
      return { item, itemKey: itemKey(sourceKey, idHash), seenKey: seenKey(sourceKey, idHash) };
    });
    // One round trip: the index, then each item's seen record and stored item.
    const found = await this.keyv.getMany<unknown>([INDEX_KEY, ...keyed.flatMap((k) => [k.seenKey, k.itemKey])]);
    const candidates: CommitCandidate[] = keyed.map((k, i) => ({
      ...k,
      seen: parseOrUndefined(SeenRecordSchema, found[1 + 2 * i]),
      stored: parseOrUndefined(ItemSchema, found[2 + 2 * i]),
    }));

    const plan = planCommit(candidates, { now, retentionMs: this.retentionMs, seenRefreshAfterMs: this.seenRetentionMs / 2 });
    const index = readIndex(found[0]);
    const nextIndex = updateIndex(index, plan.indexChanges, { nowMs: now.getTime(), capacity: this.indexCapacity });
    const savedState: FetchState = { ...state, itemsSeen: state.itemsSeen + plan.added.length };

    // Everything in one setMany: one SQLite transaction (one MULTI on Redis).
    const entries: KeyvEntry[] = [
      ...plan.itemWrites.map(({ key, item }) => ({ key, value: item, ttl: this.retentionMs })),
      ...plan.seenWrites.map(({ key, record }) => ({ key, value: record, ttl: this.seenRetentionMs })),
      ...(isSameIndex(index, nextIndex) ? [] : [{ key: INDEX_KEY, value: nextIndex }]),
      { key: stateKey(sourceKey), value: savedState },
      // Lives as long as the items this commit wrote, and is rewritten by every later commit.
      ...(sourceFeed ? [{ key: sourceFeedKey(sourceKey), value: SourceFeedSchema.parse(sourceFeed), ttl: this.retentionMs }] : []),
    ];
    await this.keyv.setMany(entries);
    return { added: plan.added, updated: plan.updated, unchanged: plan.unchanged };
  }

  /** Runs one operation: refused once closed, and any failure becomes a StoreError. */
  private async run<T>(operation: string, task: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreError(operation, this.uri, 'the store is closed');
    try {
      return await task();
    } catch (error) {
      throw this.toStoreError(operation, error);
    }
  }

  private toStoreError(operation: string, error: unknown): StoreError {
    if (isStoreError(error)) return error;
    return new StoreError(operation, this.uri, describeError(error), { cause: error });
  }
}

/** What the source's document says about itself; next to the keys in store-keys.ts, one per source. */
function sourceFeedKey(sourceKey: string): string {
  return `feed:${sourceKey}`;
}

function parseOrUndefined<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Whole milliseconds, at least 1: a TTL of 0 means "never expires" to keyv, and Redis wants integers. */
function daysToMs(days: number): number {
  return Math.max(1, Math.round(days * DAY_MS));
}
