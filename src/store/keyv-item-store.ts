import type { Keyv } from 'keyv';
import { describeError } from '../errors/tributary-error.js';
import { StoreError, isStoreError } from '../errors/store-error.js';
import { FetchStateSchema, type FetchState } from '../model/fetch-state.js';
import { ItemSchema, type Item } from '../model/item.js';
import { KnownItemsRecordSchema, type KnownItemsRecord } from '../model/known-items-record.js';
import type { ChangeLog, ChangePage } from './change-log.js';
import type { KeyLister } from './key-lister.js';
import { SourceFeedSchema, type CommitOptions, type CommitResult, type ItemStore, type IterateOptions, type SourceFeed, type StoredItem } from './item-store.js';
import { commitEntries } from './commit-entries.js';
import { carryOverLegacyIndex } from './legacy-index.js';
import type { IndexRef, NewestIndex } from './newest-index.js';
import { planCommit, SeenRecordSchema, type CommitCandidate } from './plan-commit.js';
import { createSerialQueue, type SerialQueue } from './serial-queue.js';
import type { StoreBackend } from './store-backend.js';
import { CONTENT_TOKEN_KEY, hashId, itemKey, knownItemsKey, metaKey, seenKey, sourceFeedKey, stateKey, storyIdsKey } from './store-keys.js';
import { storyIdWrites } from './story-id-records.js';
import { clampPage, daysToMs, parseItem, parseOrUndefined } from './stored-values.js';
import { StoryIdsSchema, type StoryIds, type StoryIdsEntry } from '../model/story-registry.js';

export interface ItemStoreOptions {
  /** Days an item is kept after it was added or last changed. */
  retentionDays: number;
  /** Days the record that an id was seen is kept (refreshed while the item keeps showing up). */
  seenRetentionDays: number;
  /** Most entries the newest-items index holds. @default 5000 */
  indexCapacity?: number;
  /** How long opening a Redis store waits for the server. @default 5000 */
  connectTimeoutMs?: number;
  /** Epoch-ms clock for what has expired in the index. @default Date.now */
  nowMs?: () => number;
}

/** Items read per round trip by newestItems and iterateNewest, at most; and keys per page of the change log and of itemKeys. */
const MAX_PAGE = 500;
const DEFAULT_PAGE = 100;
/** The keys of stored items start with this (see itemKey in store-keys.ts). */
const ITEM_KEY_PREFIX = 'item:';
/** States read in one getMany (one SQL statement, one Redis MGET). */
const STATES_PER_READ = 500;

/** The ItemStore over any keyv; see item-store.ts for what each method promises. */
export class KeyvItemStore implements ItemStore {
  private readonly retentionMs: number;
  private readonly seenRetentionMs: number;
  private readonly nowMs: () => number;
  /** On SQLite a commit stages its index rows for its own transaction: commits must not interleave. */
  private readonly exclusive: SerialQueue = createSerialQueue();
  /** States waiting for the next write of states, by source; and that write. */
  private readonly pendingStates = new Map<string, FetchState>();
  private statesWritten: Promise<void> | undefined;
  private closed = false;
  private readonly index: NewestIndex;
  private readonly changes: ChangeLog;
  private readonly listKeys: KeyLister;

  /** `uri` is only used in error messages: pass it redacted. */
  constructor(
    private readonly keyv: Keyv,
    private readonly uri: string,
    backend: StoreBackend,
    options: ItemStoreOptions,
  ) {
    ({ index: this.index, changes: this.changes, listKeys: this.listKeys } = backend);
    this.retentionMs = daysToMs(options.retentionDays);
    this.seenRetentionMs = daysToMs(options.seenRetentionDays);
    this.nowMs = options.nowMs ?? Date.now;
  }

  commit(sourceKey: string, items: readonly Item[], state: FetchState, now: Date, options: CommitOptions = {}): Promise<CommitResult> {
    return this.run('commit', () => this.exclusive(() => this.commitNow(sourceKey, items, state, now, options)));
  }

  /**
   * States saved in one turn of the event loop are written together, in one transaction (a cycle of
   * 304s saves a thousand of them); each caller's promise settles when its state is written.
   */
  saveState(state: FetchState): Promise<void> {
    return this.run('saveState', () => {
      this.pendingStates.set(state.sourceKey, state);
      this.statesWritten ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
        this.exclusive(async () => {
          const states = [...this.pendingStates.values()];
          this.pendingStates.clear();
          this.statesWritten = undefined;
          await this.keyv.setMany(states.map((saved) => ({ key: stateKey(saved.sourceKey), value: saved })));
        }),
      );
      return this.statesWritten;
    });
  }

  /** The saved state, or undefined when there is none or it no longer fits the schema. */
  getState(sourceKey: string): Promise<FetchState | undefined> {
    return this.run('getState', async () => {
      const parsed = FetchStateSchema.safeParse(await this.keyv.get<unknown>(stateKey(sourceKey)));
      return parsed.success ? parsed.data : undefined;
    });
  }

  getStates(sourceKeys: readonly string[]): Promise<Map<string, FetchState>> {
    return this.run('getStates', () => this.readEach(sourceKeys, stateKey, (value) => parseOrUndefined(FetchStateSchema, value)));
  }

  async newestItems(limit: number): Promise<Item[]> {
    const found: Item[] = [];
    if (limit <= 0) return found;
    for await (const item of this.readNewest({ pageSize: Math.max(16, limit) })) {
      found.push(item);
      if (found.length >= limit) break;
    }
    return found;
  }

  iterateNewest(options: IterateOptions = {}): AsyncIterable<Item> {
    return this.readNewest(options);
  }

  countIndexed(): Promise<number> {
    return this.run('countIndexed', () => this.index.count(this.nowMs()));
  }

  async *indexPages(pageSize = DEFAULT_PAGE): AsyncGenerator<IndexRef[], void, undefined> {
    const pages = this.index.pages(clampPage(pageSize), this.nowMs())[Symbol.asyncIterator]();
    for (;;) {
      const next = await this.run('indexPages', () => pages.next());
      if (next.done) return;
      yield next.value;
    }
  }

  loadItems(keys: readonly string[], onInvalid?: IterateOptions['onInvalid']): Promise<Array<Item | undefined>> {
    return this.run('loadItems', async () => {
      if (keys.length === 0) return [];
      const values = await this.keyv.getMany<unknown>([...keys]);
      return values.map((value, i) => parseItem(keys[i]!, value, onInvalid));
    });
  }

  loadStoredItems(keys: readonly string[], onInvalid?: IterateOptions['onInvalid']): Promise<Array<StoredItem | undefined>> {
    return this.run('loadStoredItems', async () => {
      if (keys.length === 0) return [];
      const raws = await this.keyv.getManyRaw<unknown>([...keys]);
      return raws.map((raw, i) => {
        const item = parseItem(keys[i]!, raw?.value, onInvalid);
        return item && { item, expiresMs: typeof raw?.expires === 'number' ? raw.expires : undefined };
      });
    });
  }

  changesSince(cursor: string | undefined, limit = MAX_PAGE): Promise<ChangePage> {
    return this.run('changesSince', () => this.changes.since(cursor, clampPage(limit)));
  }

  /** The backend's keys under `item:` (SQLite: keyset pages of the file; Redis: SCAN), no value read. */
  async *itemKeys(): AsyncGenerator<string[], void, undefined> {
    const pages = this.listKeys(ITEM_KEY_PREFIX)[Symbol.asyncIterator]();
    for (;;) {
      const next = await this.run('itemKeys', () => pages.next());
      if (next.done) return;
      yield next.value;
    }
  }

  /**
   * A store written before the ordered index kept it as one JSON key: its rows move into the index
   * (source and link read from each item), in one transaction on SQLite, and the key goes.
   */
  async carryOverLegacyIndex(): Promise<void> {
    await this.run('open', () => this.exclusive(() => carryOverLegacyIndex(this.keyv, this.index, this.nowMs())));
  }

  knownItems(sourceKey: string): Promise<KnownItemsRecord | undefined> {
    return this.run('knownItems', async () => parseOrUndefined(KnownItemsRecordSchema, await this.keyv.get<unknown>(knownItemsKey(sourceKey))));
  }

  sourceFeeds(sourceKeys: readonly string[]): Promise<Map<string, SourceFeed>> {
    return this.run('sourceFeeds', () => this.readEach(sourceKeys, sourceFeedKey, (value) => parseOrUndefined(SourceFeedSchema, value)));
  }

  setStoryIds(entries: readonly StoryIdsEntry[]): Promise<void> {
    const writes = storyIdWrites(entries, this.nowMs(), this.retentionMs);
    return this.run('setStoryIds', () => this.exclusive(async () => void (writes.length > 0 && (await this.keyv.setMany(writes)))));
  }

  storyIdsOf(itemKeys: readonly string[]): Promise<Map<string, StoryIds>> {
    return this.run('storyIdsOf', () => this.readEach(itemKeys, storyIdsKey, (value) => parseOrUndefined(StoryIdsSchema, value)));
  }

  contentToken(): Promise<string | undefined> {
    return this.run('contentToken', async () => {
      const token: unknown = await this.keyv.get(CONTENT_TOKEN_KEY);
      return typeof token === 'string' ? token : undefined;
    });
  }

  nextExpiryMs(): Promise<number | undefined> {
    return this.run('nextExpiryMs', () => this.index.nextExpiryMs(this.nowMs()));
  }

  getMeta(name: string): Promise<unknown> {
    return this.run('getMeta', () => this.keyv.get(metaKey(name)));
  }

  setMeta(name: string, value: unknown): Promise<void> {
    return this.run('setMeta', () => this.exclusive(async () => void (await this.keyv.set(metaKey(name), value))));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      // States handed over before close are written first (a failure there was reported to their callers).
      await this.statesWritten?.catch(() => undefined);
      await this.exclusive(() => this.keyv.disconnect());
    } catch (error) {
      throw this.toStoreError('close', error);
    }
  }

  /**
   * Pages over a snapshot of the index, newest first. Each page is one getMany; an item gone since
   * the snapshot (expired) is passed over, one that no longer fits the schema is reported and skipped.
   */
  private async *readNewest(options: IterateOptions): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.indexPages(options.pageSize)) {
      for (const item of await this.loadItems(
        page.map(({ key }) => key),
        options.onInvalid,
      ))
        if (item) yield item;
    }
  }

  private async commitNow(sourceKey: string, items: readonly Item[], state: FetchState, now: Date, options: CommitOptions): Promise<CommitResult> {
    if (state.sourceKey !== sourceKey) {
      throw new StoreError('commit', this.uri, `state of "${state.sourceKey}" passed with items of "${sourceKey}"`);
    }
    const keyed = items.map((item) => {
      const idHash = hashId(item.externalId);
      return { item, itemKey: itemKey(sourceKey, idHash), seenKey: seenKey(sourceKey, idHash) };
    });
    // One round trip: each item's seen record and stored item, then what is kept of the source's document.
    const reads = [...keyed.flatMap((k) => [k.seenKey, k.itemKey]), ...(options.sourceFeed ? [sourceFeedKey(sourceKey)] : [])];
    const found = reads.length === 0 ? [] : await this.keyv.getMany<unknown>(reads);
    const candidates: CommitCandidate[] = keyed.map((k, i) => ({
      ...k,
      seen: parseOrUndefined(SeenRecordSchema, found[2 * i]),
      stored: parseOrUndefined(ItemSchema, found[2 * i + 1]),
    }));

    const nowMs = this.nowMs();
    const plan = planCommit(candidates, { now, seenRefreshAfterMs: this.seenRetentionMs / 2, expiresAtMs: nowMs + this.retentionMs, finish: options.finish });
    const counted: FetchState = { ...state, itemsSeen: state.itemsSeen + plan.added.length };
    const savedState = options.stateAfter ? options.stateAfter(counted, plan) : counted;

    // Everything in one setMany, with the index rows: one SQLite transaction (one MULTI on Redis).
    const storedFeed = options.sourceFeed ? parseOrUndefined(SourceFeedSchema, found[2 * keyed.length]) : undefined;
    const entries = commitEntries(plan, savedState, options, { retentionMs: this.retentionMs, seenRetentionMs: this.seenRetentionMs }, storedFeed);
    const setEntries = async () => void (await this.keyv.setMany(entries));
    // The change log's entries ride in the same write (inside the index's, on SQLite one transaction).
    const changedKeys = plan.itemWrites.map(({ key }) => key);
    const logged = changedKeys.length > 0 ? () => this.changes.record(changedKeys, nowMs, setEntries) : setEntries;
    if (plan.indexChanges.length > 0) await this.index.commit(plan.indexChanges, nowMs, logged);
    else await logged();
    return { added: plan.added, updated: plan.updated, unchanged: plan.unchanged, state: savedState };
  }

  /** The values under these keys (one getMany per 500), parsed; those absent or invalid are left out. */
  private async readEach<T>(keys: readonly string[], keyOf: (key: string) => string, parse: (value: unknown) => T | undefined): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    for (let start = 0; start < keys.length; start += STATES_PER_READ) {
      const chunk = keys.slice(start, start + STATES_PER_READ);
      const values = await this.keyv.getMany<unknown>(chunk.map(keyOf));
      chunk.forEach((key, i) => {
        const parsed = parse(values[i]);
        if (parsed !== undefined) found.set(key, parsed);
      });
    }
    return found;
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
