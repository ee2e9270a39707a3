import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Logger } from 'pino';
import { ArchiveError } from '../errors/archive-error.js';
import { describeError } from '../errors/tributary-error.js';
import type { StoryIds } from '../model/story-registry.js';
import { followChanges } from '../store/follow-changes.js';
import type { ItemStore, StoredItem } from '../store/item-store.js';
import { createSerialQueue, type SerialQueue } from '../store/serial-queue.js';
import { type FileStat, readIfExists, remove, sameFile, statOf, write } from './archive-files.js';
import { ArchiveIndex, INDEX_FILE, parseIndex, renderIndex, sameEntry, type IndexEntry } from './archive-index.js';
import { archivePathOf, withSuffix } from './archive-path.js';
import { archiveMarkName, ArchiveMarkSchema, type ArchiveMark, type ArchiveSettings } from './archive-settings.js';
import { namesItem } from './file-identity.js';
import { renderArchiveFile } from './render-archive-file.js';
import { scanArchive } from './scan-archive.js';

export interface ArchiverOptions {
  store: ItemStore;
  settings: ArchiveSettings;
  logger: Logger;
  /** Epoch-ms clock, for what has expired. @default Date.now */
  now?: () => number;
  /** Files read or written at once. @default 16 */
  concurrency?: number;
}

/** What one run of the archiver did. */
export interface ArchiveResult {
  /** Files written: new, or changed. */
  written: number;
  /** Files of expired items deleted (onExpiry "delete"). */
  deleted: number;
  /** Items the archive holds. */
  items: number;
  /** Whether every stored item was read: a first run, other settings, or a change log that no longer reached back. */
  readAll: boolean;
}

/** Keys read from the change log, and items loaded, per round trip. */
const PAGE = 500;

/** What one run has done so far. */
interface Run {
  written: number;
  deleted: number;
  /** The index's entries changed (and its file must be written). */
  indexChanged: boolean;
}

/**
 * Keeps an archive's folder up to date with the store: one Markdown file per stored item the
 * archive takes, written after each publish. It follows the store's change log from the cursor in
 * its index, so it reads only the items added or updated since its last run; a first run (or one
 * after the settings changed, or after the log was trimmed past its cursor) reads every item once.
 * A file is written only when its bytes change (temp file, fsync, rename), keeps the path it was
 * first written at, and is never written over another item's file. When nothing changed since the
 * last run, which the mark it keeps in the store tells without opening the index, it costs one
 * read of the store's change log and one stat.
 */
export class Archiver {
  private readonly serial: SerialQueue = createSerialQueue();
  private readonly limit: LimitFunction;
  private readonly now: () => number;
  private readonly indexPath: string;
  private readonly markName: string;
  /** The index as this process last read or wrote it, with its file's size and time then. */
  private loaded: { index: ArchiveIndex; stat: FileStat } | undefined;

  constructor(private readonly options: ArchiverOptions) {
    this.limit = pLimit(options.concurrency ?? 16);
    this.now = options.now ?? Date.now;
    this.indexPath = join(options.settings.dir, INDEX_FILE);
    this.markName = archiveMarkName(options.settings.dir);
  }

  /**
   * Brings the folder up to date; runs one at a time. Throws an ArchiveError, or the store's
   * StoreError; or the signal's reason once it is aborted (between pages: what was written stays,
   * the index and its cursor as they were, and the next run goes on from there).
   */
  sync(signal?: AbortSignal): Promise<ArchiveResult> {
    return this.serial(() => this.syncNow(signal));
  }

  private async syncNow(signal: AbortSignal | undefined): Promise<ArchiveResult> {
    signal?.throwIfAborted();
    const { store, settings } = this.options;
    const nowMs = this.now();
    const [mark, onDisk] = await Promise.all([store.getMeta(this.markName).then((value) => ArchiveMarkSchema.safeParse(value).data), statOf(this.indexPath)]);
    const expiryDue = settings.onExpiry === 'delete' && mark?.nextExpiryMs != null && nowMs >= mark.nextExpiryMs;
    if (mark && onDisk && sameFile(mark.index, onDisk) && mark.settings === settings.digest && !expiryDue) {
      const page = await store.changesSince(mark.cursor, 1);
      if (page.complete && page.keys.length === 0) return { written: 0, deleted: 0, items: mark.items, readAll: false };
    }

    const index = await this.loadIndex(onDisk);
    const run: Run = { written: 0, deleted: 0, indexChanged: false };
    const from = index.settings === settings.digest ? index.cursor : undefined;
    const { cursor, readAll } = await followChanges(store, from, PAGE, (keys) => this.archiveKeys(keys, index, run, signal));
    if (settings.onExpiry === 'delete') await this.deleteExpired(index, nowMs, run);
    signal?.throwIfAborted();

    const stat = run.indexChanged || cursor !== index.cursor || index.settings !== settings.digest || !onDisk ? await this.writeIndex(index, cursor) : onDisk;
    this.loaded = { index, stat };
    await this.saveMark({ cursor: cursor ?? '', settings: settings.digest, index: stat, nextExpiryMs: this.nextExpiryMs(index), items: index.entries.size });
    if (run.written + run.deleted > 0) this.options.logger.info({ dir: settings.dir, written: run.written, deleted: run.deleted, items: index.entries.size, read_all: readAll }, 'archived');
    return { written: run.written, deleted: run.deleted, items: index.entries.size, readAll };
  }

  /** The index as this process left it when its file is unchanged since; else read from the file; else from the files in the folder. */
  private async loadIndex(onDisk: FileStat | undefined): Promise<ArchiveIndex> {
    const { settings } = this.options;
    if (this.loaded && onDisk && sameFile(this.loaded.stat, onDisk)) return this.loaded.index;
    if (!onDisk) {
      try {
        return new ArchiveIndex(undefined, settings.digest, await scanArchive(settings.dir));
      } catch (error) {
        throw new ArchiveError('ARCHIVE_WRITE_FAILED', settings.dir, `could not read the folder: ${describeError(error)}`, { cause: error });
      }
    }
    let text: string;
    try {
      text = await readFile(this.indexPath, 'utf8');
    } catch (error) {
      throw new ArchiveError('ARCHIVE_WRITE_FAILED', this.indexPath, `could not read the index: ${describeError(error)}`, { cause: error });
    }
    try {
      return parseIndex(text);
    } catch (error) {
      throw new ArchiveError('ARCHIVE_INDEX_INVALID', this.indexPath, `the index cannot be read: ${describeError(error)}`, { cause: error });
    }
  }

  /** Writes the files of the items under these keys that the archive takes, or already holds. */
  private async archiveKeys(keys: readonly string[], index: ArchiveIndex, run: Run, signal: AbortSignal | undefined): Promise<void> {
    const { store, settings, logger } = this.options;
    const onInvalid = (key: string, problem: string) => logger.error({ item_key: key, problem }, 'skipped an invalid stored item');
    for (let start = 0; start < keys.length; start += PAGE) {
      signal?.throwIfAborted();
      const chunk = keys.slice(start, start + PAGE);
      const [stored, storyIds] = await Promise.all([store.loadStoredItems(chunk, onInvalid), store.storyIdsOf(chunk)]);
      const writes = chunk.flatMap((key, i) => {
        const found = stored[i];
        // Gone since it changed (expired); or not the archive's, and never was.
        if (!found || (!index.get(key) && !settings.accepts(found.item))) return [];
        return [this.limit(() => this.archiveItem(key, found, storyIds.get(key), index, run))];
      });
      await Promise.all(writes);
    }
  }

  /** Writes one item's file where its index entry says, or at a new path; never over another item's file. */
  private async archiveItem(key: string, { item, expiresMs }: StoredItem, storyIds: StoryIds | undefined, index: ArchiveIndex, run: Run): Promise<void> {
    const { settings } = this.options;
    const content = renderArchiveFile(item, settings.format, storyIds);
    const previous = index.get(key);
    let path = previous?.path ?? claimPath(archivePathOf(item, settings.layout), index);
    for (;;) {
      const file = join(settings.dir, path);
      const onDisk = await readIfExists(file);
      if (onDisk === content) break;
      if (onDisk === undefined || namesItem(onDisk, item.source.key, item.externalId)) {
        await write(file, content);
        run.written += 1;
        break;
      }
      // Another item's file, or one that is not the archive's: it stays, and this item takes another name.
      path = claimPath(archivePathOf(item, settings.layout), index);
    }
    const entry: IndexEntry = {
      path,
      key,
      source: item.source.key,
      externalId: item.externalId,
      title: item.title,
      publishedAt: item.publishedAt,
      updatedAt: item.updatedAt,
      ...(expiresMs === undefined ? {} : { expiresAt: new Date(expiresMs).toISOString() }),
    };
    if (!previous || !sameEntry(previous, entry)) {
      index.set(entry);
      run.indexChanged = true;
    }
  }

  /** onExpiry "delete": the files of items gone from the store, whose expiry has passed. */
  private async deleteExpired(index: ArchiveIndex, nowMs: number, run: Run): Promise<void> {
    const { store, settings } = this.options;
    const due = [...index.entries.values()].filter((entry) => entry.expiresAt === undefined || Date.parse(entry.expiresAt) <= nowMs);
    for (let start = 0; start < due.length; start += PAGE) {
      const chunk = due.slice(start, start + PAGE);
      const stored = await store.loadStoredItems(chunk.map((entry) => entry.key));
      await Promise.all(
        chunk.map((entry, i) =>
          this.limit(async () => {
            const found = stored[i];
            if (found) {
              // Still stored (updated since, or kept longer): its expiry as it is now.
              if (found.expiresMs !== undefined) index.set({ ...entry, expiresAt: new Date(found.expiresMs).toISOString() });
            } else {
              const file = join(settings.dir, entry.path);
              const onDisk = await readIfExists(file);
              if (onDisk !== undefined && namesItem(onDisk, entry.source, entry.externalId)) {
                await remove(file);
                run.deleted += 1;
              }
              index.delete(entry.key);
            }
            run.indexChanged = true;
          }),
        ),
      );
    }
  }

  /** The first expiry of an archived item (one not known yet: now), whether or not expired files are deleted: the mark holds for either. */
  private nextExpiryMs(index: ArchiveIndex): number | null {
    if (index.entries.size === 0) return null;
    let first = Number.POSITIVE_INFINITY;
    for (const entry of index.entries.values()) first = Math.min(first, entry.expiresAt === undefined ? 0 : Date.parse(entry.expiresAt));
    return first;
  }

  private async writeIndex(index: ArchiveIndex, cursor: string | undefined): Promise<FileStat> {
    index.cursor = cursor;
    index.settings = this.options.settings.digest;
    await write(this.indexPath, renderIndex(index));
    const written = await statOf(this.indexPath);
    if (!written) throw new ArchiveError('ARCHIVE_WRITE_FAILED', this.indexPath, 'the index is not there after it was written');
    return written;
  }

  /** The archive is up to date whether or not its mark is saved: without it, the next run reads the index file again. */
  private async saveMark(mark: ArchiveMark): Promise<void> {
    try {
      await this.options.store.setMeta(this.markName, mark);
    } catch (error) {
      this.options.logger.warn({ err: error }, "could not save the archive's mark; the next publish reads its index again");
    }
  }
}

/** The first of `path`, `path-2`, `path-3`, … that no entry of the index holds; held from now on. */
function claimPath(path: string, index: ArchiveIndex): string {
  let claimed = path;
  for (let n = 2; index.paths.has(claimed); n++) claimed = withSuffix(path, n);
  index.paths.add(claimed);
  return claimed;
}
