import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import { isStoryStateError, StoryStateError } from '../errors/story-state-error.js';
import { parseStoryRegistry, STORY_REGISTRY_META, STORY_REGISTRY_REVISION_META, type StoryIdsEntry, type StoryMember, type StoryRegistry } from '../model/story-registry.js';
import { followChanges } from '../store/follow-changes.js';
import type { ItemStore } from '../store/item-store.js';
import { createSerialQueue, type SerialQueue } from '../store/serial-queue.js';
import { compareForClustering, type OrderedItem } from './clustering-order.js';
import type { StoryInput } from './item-vector.js';
import { RegistryBook } from './registry-book.js';
import { StoryClusterer } from './story-clusterer.js';
import type { StoryOptions } from './story-options.js';

/** The store records of the pass: its state (cursor, clusterer snapshot) and a small head naming the state's revision. */
export const STORY_STATE_META = 'stories:state';
export const STORY_HEAD_META = 'stories:head';
export const STORY_STATE_VERSION = 1;

/** `nextExpiryMs`: when a member of the saved registry expires next, so a process that holds no state knows when to prune it. */
const HeadSchema = z.object({ version: z.literal(STORY_STATE_VERSION), revision: z.string(), cursor: z.string().optional(), nextExpiryMs: z.number().optional() });

/** Keys read from the change log, and items loaded, per round trip. */
const PAGE = 500;
/** Most changed items held loaded at once: a run over more reads them in ordered slices of this many. */
const SLICE_ITEMS = 5_000;

export interface StoryPassOptions {
  store: ItemStore;
  logger: Logger;
  /** Epoch-ms clock, for the members expired from the store. @default Date.now */
  now?: () => number;
  /** The clusterer's options when it starts afresh (a saved state keeps its own). */
  clusterer?: Partial<StoryOptions>;
  /**
   * Saves the state after a run that assigned something only when this long has passed since the
   * last save (flush() saves the rest). 0, the default: after every such run. @see StoryPass
   */
  saveEveryMs?: number;
  /** Most changed items a run holds loaded at once (see slicesInOrder). @default 5000 */
  sliceItems?: number;
}

/** What one run of the pass did. */
export interface StoryPassResult {
  /** Items assigned (new, or changed since and read again). */
  assigned: number;
  /** Whether every stored item was read: a first run, a state that could not be read, or a change log that no longer reached back. */
  readAll: boolean;
}

/** An item read for clustering, with what the registry and the id records keep of it. */
interface Loaded {
  input: StoryInput;
  member: StoryMember;
}

/** The pass's state as this process holds it: ahead of what it last saved or read while a save is deferred. */
interface Held {
  /** Names the registry as held: a new one at each run that assigned something. */
  revision: string;
  cursor: string | undefined;
  clusterer: StoryClusterer;
  book: RegistryBook;
  /** The registry as held, built once per run that changed it (for the publisher in this process). */
  registry: StoryRegistry | undefined;
  /** The revision of the last state this process saved or read: what the store's head names while no other process saved since. */
  savedRevision: string;
  savedAtMs: number;
}

/**
 * The stage between store and publish that gives every stored item its event and story: it follows
 * the store's change log from its cursor (a first run reads every item once), assigns what changed
 * in the clustering order, stores each item's ids beside it, and saves the registry of the open
 * events and stories and its own state. Run by the process that publishes, before each publish;
 * one run at a time. When nothing changed since the last run it costs two small reads; once a
 * member of the registry has expired from the store, such a run prunes and saves the registry.
 *
 * The state (tens of MB at tens of thousands of items) is saved whole, so a daemon that runs the
 * pass every few seconds through a busy cycle defers it (`saveEveryMs`) and hands its publisher the
 * registry it holds (registry()). The ids are stored at every run all the same; after a crash, the
 * items assigned since the last save are assigned again from the saved state, and may be given
 * other ids than the ones stored.
 */
export class StoryPass {
  private readonly serial: SerialQueue = createSerialQueue();
  private readonly now: () => number;
  private held: Held | undefined;

  constructor(private readonly options: StoryPassOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Brings the store's ids and registry up to date. Throws the store's StoreError (a bad saved state is logged and replaced, never thrown). */
  run(): Promise<StoryPassResult> {
    return this.serial(async () => {
      try {
        return await this.runNow();
      } catch (error) {
        // What this process holds may be ahead of what was saved: the next run reads the store's.
        this.held = undefined;
        throw error;
      }
    });
  }

  /**
   * The registry as this process holds it after its last run, for a publish in this process; undefined
   * when it holds none (the publisher then reads the saved one).
   */
  registry(): StoryRegistry | undefined {
    return this.held?.registry;
  }

  /** Saves what a deferred save left unsaved. Throws the store's StoreError. */
  flush(): Promise<void> {
    return this.serial(async () => {
      const held = this.held;
      if (held && held.revision !== held.savedRevision) await this.save(held);
    });
  }

  private async runNow(): Promise<StoryPassResult> {
    const { store, logger } = this.options;
    const head = HeadSchema.safeParse(await store.getMeta(STORY_HEAD_META)).data;
    // What this process holds is behind the store's when another process of a fleet saved since: dropped, so its publisher reads the saved registry.
    const current = head !== undefined && this.held?.savedRevision === head.revision ? this.held : undefined;
    this.held = current;
    const nextExpiryMs = current ? current.book.nextExpiryMs() : (head?.nextExpiryMs ?? Number.POSITIVE_INFINITY);
    // Nothing committed since the last run and no member expired: nothing to read, restore or write.
    const page = await store.changesSince(current ? current.cursor : head?.cursor, 1);
    if ((current || head) && page.complete && page.keys.length === 0 && nextExpiryMs > this.now()) return { assigned: 0, readAll: false };
    const held = current ?? (await this.load());
    this.held = held;
    const keys = new Set<string>();
    const { cursor, readAll } = await followChanges(store, held.cursor, PAGE, async (page) => {
      for (const key of page) keys.add(key);
    });
    const idle = keys.size === 0 && cursor === held.cursor;
    if (idle && held.book.nextExpiryMs() > this.now()) return { assigned: 0, readAll };

    let assigned = 0;
    for await (const slice of this.slicesInOrder([...keys], held.clusterer.options.descriptionChars)) {
      const ids: StoryIdsEntry[] = [];
      for (const { input, member } of slice) {
        const assignment = held.clusterer.assign(input);
        held.book.record(assignment, member);
        ids.push({ itemKey: member.key, eventId: assignment.eventId, storyId: assignment.storyId, expiresMs: member.expiresMs });
      }
      for (let start = 0; start < ids.length; start += PAGE) await store.setStoryIds(ids.slice(start, start + PAGE));
      assigned += ids.length;
    }

    const streamTime = held.clusterer.streamTimeMs;
    const pruned = held.book.prune(streamTime, this.now(), held.clusterer.options);
    if (idle && !pruned) return { assigned: 0, readAll };
    held.cursor = cursor;
    held.revision = randomUUID();
    held.registry = held.book.toRegistry(held.revision, streamTime);
    if (this.now() - held.savedAtMs >= (this.options.saveEveryMs ?? 0)) await this.save(held);
    const { events, stories } = held.clusterer.counts();
    logger.info({ assigned, read_all: readAll, events, stories, saved: held.savedRevision === held.revision }, 'stories assigned');
    return { assigned, readAll };
  }

  /**
   * The registry's revision, the registry, then the state (both named by the revision), then the
   * head: a crash between them leaves a state and a registry that do not match, and the next run
   * starts afresh (a revision saved without its registry only makes the next publish render again).
   */
  private async save(held: Held): Promise<void> {
    const { store } = this.options;
    const { revision, cursor } = held;
    await store.setMeta(STORY_REGISTRY_REVISION_META, { revision });
    await store.setMeta(STORY_REGISTRY_META, held.registry ?? held.book.toRegistry(revision, held.clusterer.streamTimeMs));
    await store.setMeta(STORY_STATE_META, { version: STORY_STATE_VERSION, revision, cursor, snapshot: held.clusterer.snapshot() });
    const nextExpiryMs = held.book.nextExpiryMs();
    await store.setMeta(STORY_HEAD_META, {
      version: STORY_STATE_VERSION,
      revision,
      ...(cursor === undefined ? {} : { cursor }),
      ...(Number.isFinite(nextExpiryMs) ? { nextExpiryMs } : {}),
    });
    held.savedRevision = revision;
    held.savedAtMs = this.now();
  }

  /** The saved state; a fresh one (every item read again) when there is none, or it cannot be read (logged). */
  private async load(): Promise<Held> {
    const { store, logger } = this.options;
    const [state, registryValue] = await Promise.all([store.getMeta(STORY_STATE_META), store.getMeta(STORY_REGISTRY_META)]);
    if (state !== undefined && state !== null) {
      try {
        return restoreState(state, registryValue, this.now());
      } catch (error) {
        if (!isStoryStateError(error)) throw error;
        logger.warn({ err: error, code: error.code }, 'the saved story state cannot be read; stories start afresh from every stored item');
      }
    }
    // Never saved: its first run saves, whatever saveEveryMs says.
    return fresh(StoryClusterer.create(this.options.clusterer), new RegistryBook(), '', undefined, undefined, Number.NEGATIVE_INFINITY);
  }

  /**
   * The changed items, loaded and in the clustering order, a slice at a time. Up to `sliceItems`
   * keys they are loaded at once; past that (a first run reads every stored item) each is read once
   * for its place in the order, then again a slice at a time in that order, so memory holds one
   * slice of items and the order of all, and the result is the one a single batch would give.
   */
  private async *slicesInOrder(keys: readonly string[], descriptionChars: number): AsyncGenerator<Loaded[]> {
    const sliceItems = this.options.sliceItems ?? SLICE_ITEMS;
    if (keys.length <= sliceItems) {
      yield sortInputs(await this.loadItems(keys, descriptionChars));
      return;
    }
    const places: Array<OrderedItem & { key: string }> = [];
    for (let start = 0; start < keys.length; start += PAGE) {
      for (const { input, member } of await this.loadItems(keys.slice(start, start + PAGE), descriptionChars)) {
        places.push({ key: member.key, publishedAt: input.publishedAt, externalId: input.externalId, source: input.source });
      }
    }
    places.sort(compareForClustering);
    for (let start = 0; start < places.length; start += sliceItems) {
      // Read again, so possibly changed since (a commit meanwhile): each keeps its place of the first read.
      yield await this.loadItems(
        places.slice(start, start + sliceItems).map((place) => place.key),
        descriptionChars,
      );
    }
  }

  private async loadItems(keys: readonly string[], descriptionChars: number): Promise<Loaded[]> {
    const { store, logger } = this.options;
    const onInvalid = (key: string, problem: string) => logger.error({ item_key: key, problem }, 'skipped an invalid stored item');
    const loaded: Loaded[] = [];
    for (let start = 0; start < keys.length; start += PAGE) {
      const chunk = keys.slice(start, start + PAGE);
      const stored = await store.loadStoredItems(chunk, onInvalid);
      chunk.forEach((key, i) => {
        const found = stored[i];
        if (!found || !Number.isFinite(Date.parse(found.item.publishedAt))) return;
        const { item, expiresMs } = found;
        loaded.push({
          // Only what the clusterer reads.
          input: {
            externalId: item.externalId,
            title: item.title,
            description: item.description.slice(0, descriptionChars),
            publishedAt: item.publishedAt,
            lang: item.lang,
            topics: item.topics,
            source: { key: item.source.key },
          },
          member: { key, source: item.source.key, title: item.title, ...(item.link ? { link: item.link } : {}), publishedAt: item.publishedAt, ...(expiresMs === undefined ? {} : { expiresMs }) },
        });
      });
    }
    return loaded;
  }
}

function sortInputs(loaded: readonly Loaded[]): Loaded[] {
  return [...loaded].sort((a, b) => compareForClustering(a.input, b.input));
}

/** A saved state and registry as the pass holds them; throws StoryStateError when either is not what this version saves. */
function restoreState(state: unknown, registryValue: unknown, nowMs: number): Held {
  const saved = state as { version?: unknown; revision?: unknown; cursor?: unknown; snapshot?: unknown };
  if (typeof state !== 'object' || saved.version !== STORY_STATE_VERSION) throw new StoryStateError(`story state: version ${String(saved.version)}, expected ${STORY_STATE_VERSION}`);
  if (typeof saved.revision !== 'string' || (saved.cursor !== undefined && typeof saved.cursor !== 'string')) throw new StoryStateError('story state: no revision or cursor');
  const registry = parseStoryRegistry(registryValue);
  if (!registry || registry.revision !== saved.revision) throw new StoryStateError('story state: the registry is missing, or not the one saved with it');
  return fresh(StoryClusterer.restore(saved.snapshot), new RegistryBook(registry), saved.revision, saved.cursor, registry, nowMs);
}

function fresh(clusterer: StoryClusterer, book: RegistryBook, revision: string, cursor: string | undefined, registry: StoryRegistry | undefined, savedAtMs: number): Held {
  return { revision, cursor, clusterer, book, registry, savedRevision: revision, savedAtMs };
}
