import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import { isStoryStateError, StoryStateError } from '../errors/story-state-error.js';
import { parseStoryRegistry, STORY_REGISTRY_META, type StoryIdsEntry, type StoryMember } from '../model/story-registry.js';
import { followChanges } from '../store/follow-changes.js';
import type { ItemStore } from '../store/item-store.js';
import { createSerialQueue, type SerialQueue } from '../store/serial-queue.js';
import { memberKey } from './cluster-ids.js';
import type { StoryInput } from './item-vector.js';
import { RegistryBook } from './registry-book.js';
import { StoryClusterer } from './story-clusterer.js';
import type { StoryOptions } from './story-options.js';

/** The store records of the pass: its state (cursor, clusterer snapshot) and a small head naming the state's revision. */
export const STORY_STATE_META = 'stories:state';
export const STORY_HEAD_META = 'stories:head';
export const STORY_STATE_VERSION = 1;

const HeadSchema = z.object({ version: z.literal(STORY_STATE_VERSION), revision: z.string(), cursor: z.string().optional() });

/** Keys read from the change log, and items loaded, per round trip. */
const PAGE = 500;

export interface StoryPassOptions {
  store: ItemStore;
  logger: Logger;
  /** Epoch-ms clock, for the members expired from the store. @default Date.now */
  now?: () => number;
  /** The clusterer's options when it starts afresh (a saved state keeps its own). */
  clusterer?: Partial<StoryOptions>;
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

/** The pass's state as this process last saved or read it. */
interface Held {
  revision: string;
  cursor: string | undefined;
  clusterer: StoryClusterer;
  book: RegistryBook;
}

/**
 * The stage between store and publish that gives every stored item its event and story: it follows
 * the store's change log from its cursor (a first run reads every item once), assigns what changed
 * in the clustering order, stores each item's ids beside it, and saves the registry of the open
 * events and stories and its own state. Run by the process that publishes, before each publish;
 * one run at a time. When nothing changed since the last run it costs two small reads.
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

  private async runNow(): Promise<StoryPassResult> {
    const { store, logger } = this.options;
    const head = HeadSchema.safeParse(await store.getMeta(STORY_HEAD_META)).data;
    if (head) {
      // Nothing committed since the last run saved its head: nothing to read, restore or write.
      const page = await store.changesSince(head.cursor, 1);
      if (page.complete && page.keys.length === 0) return { assigned: 0, readAll: false };
    }
    const held = head && this.held?.revision === head.revision ? this.held : await this.load();
    this.held = held;
    const keys = new Set<string>();
    const { cursor, readAll } = await followChanges(store, held.cursor, PAGE, async (page) => {
      for (const key of page) keys.add(key);
    });
    if (keys.size === 0 && cursor === held.cursor) return { assigned: 0, readAll };

    const loaded = await this.loadItems([...keys], held.clusterer.options.descriptionChars);
    const byMember = new Map(loaded.map((entry) => [memberKey(entry.input), entry]));
    const ids: StoryIdsEntry[] = [];
    for (const assignment of held.clusterer.assignBatch(loaded.map((entry) => entry.input))) {
      const { member } = byMember.get(memberKey({ externalId: assignment.externalId, source: { key: assignment.sourceKey } }))!;
      held.book.record(assignment, member);
      ids.push({ itemKey: member.key, eventId: assignment.eventId, storyId: assignment.storyId, expiresMs: member.expiresMs });
    }
    for (let start = 0; start < ids.length; start += PAGE) await store.setStoryIds(ids.slice(start, start + PAGE));

    const snapshot = held.clusterer.snapshot();
    held.book.prune(snapshot.streamTime, this.now(), held.clusterer.options);
    const revision = randomUUID();
    // The registry, then the state (both named by the revision), then the head: a crash between them
    // leaves a state and a registry that do not match, and the next run starts afresh.
    await store.setMeta(STORY_REGISTRY_META, held.book.toRegistry(revision, snapshot.streamTime));
    await store.setMeta(STORY_STATE_META, { version: STORY_STATE_VERSION, revision, cursor, snapshot });
    await store.setMeta(STORY_HEAD_META, { version: STORY_STATE_VERSION, revision, ...(cursor === undefined ? {} : { cursor }) });
    this.held = { ...held, revision, cursor };
    const { events, stories } = held.clusterer.counts();
    logger.info({ assigned: ids.length, read_all: readAll, events, stories }, 'stories assigned');
    return { assigned: ids.length, readAll };
  }

  /** The saved state; a fresh one (every item read again) when there is none, or it cannot be read (logged). */
  private async load(): Promise<Held> {
    const { store, logger } = this.options;
    const [state, registryValue] = await Promise.all([store.getMeta(STORY_STATE_META), store.getMeta(STORY_REGISTRY_META)]);
    if (state !== undefined && state !== null) {
      try {
        return restoreState(state, registryValue);
      } catch (error) {
        if (!isStoryStateError(error)) throw error;
        logger.warn({ err: error, code: error.code }, 'the saved story state cannot be read; stories start afresh from every stored item');
      }
    }
    return { revision: '', cursor: undefined, clusterer: StoryClusterer.create(this.options.clusterer), book: new RegistryBook() };
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
          // Only what the clusterer reads: a first run holds every stored item at once.
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

/** A saved state and registry as the pass holds them; throws StoryStateError when either is not what this version saves. */
function restoreState(state: unknown, registryValue: unknown): Held {
  const saved = state as { version?: unknown; revision?: unknown; cursor?: unknown; snapshot?: unknown };
  if (typeof state !== 'object' || saved.version !== STORY_STATE_VERSION) throw new StoryStateError(`story state: version ${String(saved.version)}, expected ${STORY_STATE_VERSION}`);
  if (typeof saved.revision !== 'string' || (saved.cursor !== undefined && typeof saved.cursor !== 'string')) throw new StoryStateError('story state: no revision or cursor');
  const registry = parseStoryRegistry(registryValue);
  if (!registry || registry.revision !== saved.revision) throw new StoryStateError('story state: the registry is missing, or not the one saved with it');
  return { revision: saved.revision, cursor: saved.cursor, clusterer: StoryClusterer.restore(saved.snapshot), book: new RegistryBook(registry) };
}
