import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Item } from '../model/item.js';
import type { ItemStore } from '../store/item-store.js';
import { OUTPUT_FORMATS } from '../model/output-format.js';
import { publicUri } from '../model/redact-uri.js';
import { VERSION } from '../version.js';
import type { FeedHeader, SourceInfo } from './feed-document.js';
import { configDigest, PublishStampSchema, sha256, stampInputs, stampName, type PublishStamp } from './publish-stamp.js';
import { renderFeeds } from './render-feeds.js';
import type { OutputDefinition } from './resolve-outputs.js';
import { selectItems } from './select-items.js';
import { loadItemStories, readStoryRegistry } from './story-context.js';
import { storyEntries } from './story-feed.js';
import { STORY_REGISTRY_REVISION_META, StoryRegistryRevisionSchema, type StoryRegistry } from '../model/story-registry.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';

export interface PublishResult {
  /** The output's name: its files are <dir>/<name>.atom, .rss and .json. */
  name: string;
  items: number;
  /** Items left out because they were invalid or failed to render (each is logged). */
  skipped: number;
  /** Files rewritten because their content changed. */
  written: string[];
}

/** One output rendered in every format, not yet written. */
export interface RenderedOutput {
  name: string;
  items: number;
  skipped: number;
  files: Array<{ fileName: string; content: string; contentType: string }>;
}

export interface PublisherOptions {
  store: ItemStore;
  /** The default output first, then the named ones (see resolveOutputs). */
  outputs: readonly OutputDefinition[];
  /** Folder of every output's files. */
  dir: string;
  /** The configured sources: their names and URLs credit each entry's origin. */
  sources: ReadonlyArray<{ key: string; name: string; url: string }>;
  logger: Logger;
  /** @default { name: 'Tributary', version: VERSION } */
  generator?: FeedHeader['generator'];
  /** Epoch-ms clock, for when the outputs' first item expires. @default Date.now */
  now?: () => number;
  /** Show each item's event and story, as the story pass stored them (config stories.enabled). @default true */
  stories?: boolean;
}

/**
 * Turns the store's newest items into every output's files. One lazy pass over the store's
 * newest-first index serves all outputs (never a scan of the whole store); each output is rendered
 * in three formats, and a file is rewritten only when its bytes change.
 */
export class Publisher {
  private readonly lastDigest = new Map<string, string>();
  private readonly generator: FeedHeader['generator'];
  private readonly stampName: string;
  private readonly configDigest: string;
  private readonly now: () => number;

  constructor(private readonly options: PublisherOptions) {
    this.generator = options.generator ?? { name: 'Tributary', version: VERSION };
    this.stampName = stampName(options.dir);
    this.configDigest = configDigest(options.outputs, options.sources, this.generator);
    this.now = options.now ?? Date.now;
  }

  /**
   * Renders every output and rewrites the files whose bytes changed; or, when the stamp of the last
   * publish into this folder shows that nothing it was made from has changed (see publish-stamp.ts),
   * renders nothing and writes nothing. `registry`: the story registry as the pass in this process
   * holds it (StoryPass.registry()), when it does; the saved one is read otherwise.
   */
  async publish(options: { registry?: StoryRegistry | undefined } = {}): Promise<PublishResult[]> {
    const { store } = this.options;
    // Read before the items are: a commit that lands while they are read changes the token, and the
    // next publish renders again.
    const [token, validUntilMs, saved, revision] = await Promise.all([store.contentToken(), store.nextExpiryMs(), store.getMeta(this.stampName), this.registryRevision(options.registry)]);
    // The story pass saves its registry after the commits it read: a new one is a change too.
    const inputs = token === undefined ? undefined : stampInputs(revision ? `${token}\n${revision}` : token, this.configDigest);
    const unchanged = inputs === undefined ? undefined : await this.unchangedSince(saved, inputs);
    if (unchanged) return unchanged;

    const results: PublishResult[] = [];
    const stamped: PublishStamp['outputs'] = [];
    for (const output of await this.renderWith(await this.readRegistry(options.registry))) {
      const written: string[] = [];
      const files: PublishStamp['outputs'][number]['files'] = [];
      for (const file of output.files) {
        const path = join(this.options.dir, file.fileName);
        const { changed, digest } = await this.writeIfChanged(path, file.content);
        if (changed) written.push(path);
        files.push({ path, sha256: digest });
      }
      if (written.length > 0) this.options.logger.info({ output: output.name, items: output.items, files: written }, 'published');
      results.push({ name: output.name, items: output.items, skipped: output.skipped, written });
      stamped.push({ name: output.name, items: output.items, skipped: output.skipped, files });
    }
    if (inputs !== undefined) await this.saveStamp({ inputs, validUntilMs: validUntilMs ?? null, outputs: stamped });
    return results;
  }

  /**
   * The files are published whether or not their stamp is saved: without it the next publish only
   * renders again (a stamp left from before names other inputs, or other files than these).
   */
  private async saveStamp(stamp: PublishStamp): Promise<void> {
    try {
      await this.options.store.setMeta(this.stampName, stamp);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not save the publish stamp; the next publish renders again');
    }
  }

  /** The last publish's results, when its stamp matches `inputs`, holds at this time, and every file it wrote is as it wrote it. */
  private async unchangedSince(saved: unknown, inputs: string): Promise<PublishResult[] | undefined> {
    const stamp = PublishStampSchema.safeParse(saved);
    if (!stamp.success || stamp.data.inputs !== inputs) return undefined;
    const { validUntilMs, outputs } = stamp.data;
    if (validUntilMs !== null && this.now() >= validUntilMs) return undefined;
    let current = true;
    for (const { path, sha256: stamped } of outputs.flatMap((output) => output.files)) {
      // Read from disk, not remembered, and remembered as read: what the write after a render compares
      // with, so a file deleted or edited since (or a folder of another host) is written again.
      const onDisk = await digestOfFile(path);
      if (onDisk === undefined) this.lastDigest.delete(path);
      else this.lastDigest.set(path, onDisk);
      if (onDisk !== stamped) current = false;
    }
    return current ? outputs.map(({ name, items, skipped }) => ({ name, items, skipped, written: [] })) : undefined;
  }

  /** Every output in every format, in memory: what publish writes, and what a standby publisher serves. */
  async render(): Promise<RenderedOutput[]> {
    return this.renderWith(await this.readRegistry());
  }

  /** The revision of the registry the story pass in this process holds, else of the one it saved (a small record, not the registry). */
  private async registryRevision(held?: StoryRegistry): Promise<string | undefined> {
    if (this.options.stories === false) return undefined;
    if (held) return held.revision;
    return StoryRegistryRevisionSchema.safeParse(await this.options.store.getMeta(STORY_REGISTRY_REVISION_META)).data?.revision;
  }

  /** The registry the story pass in this process holds, else the one it saved. */
  private readRegistry(held?: StoryRegistry): Promise<StoryRegistry | undefined> {
    if (this.options.stories === false) return Promise.resolve(undefined);
    return held ? Promise.resolve(held) : readStoryRegistry(this.options.store);
  }

  private async renderWith(registry: StoryRegistry | undefined): Promise<RenderedOutput[]> {
    const { store, outputs, logger } = this.options;
    const largest = Math.max(1, ...outputs.map((output) => output.maxItems));
    const onInvalid = (key: string, problem: string) => logger.error({ item_key: key, problem }, 'skipped an invalid stored item');
    const { items } = await selectItems(
      {
        pages: store.indexPages(Math.min(500, largest)),
        load: (refs) =>
          store.loadItems(
            refs.map((ref) => ref.key),
            onInvalid,
          ),
      },
      outputs.filter((output) => output.kind === 'items'),
    );
    for (const output of outputs) if (output.kind === 'stories') items.set(output.name, await storyEntries(store, registry, output, output.feed.title));

    const all = [...new Set([...items.values()].flat())];
    const sources = await this.sourceInfo(all);
    const stories = this.options.stories === false ? undefined : await loadItemStories(store, all, registry);

    return outputs.map((output) => {
      const rendered = renderFeeds(items.get(output.name) ?? [], { feed: { ...output.feed, generator: this.generator }, sources, stories });
      for (const skipped of rendered.skipped) {
        logger.error({ output: output.name, source_key: skipped.sourceKey, external_id: skipped.externalId, problem: skipped.reason }, 'skipped an item that cannot be published');
      }
      const files = OUTPUT_FORMATS.map(({ format, extension, contentType }) => ({ fileName: `${output.name}.${extension}`, content: rendered[format], contentType }));
      return { name: output.name, items: rendered.items, skipped: rendered.skipped.length, files };
    });
  }

  /** Config (name, URL) and what each source's last commit said about its document. */
  private async sourceInfo(items: readonly Item[]): Promise<Map<string, SourceInfo>> {
    const keys = [...new Set(items.map((item) => item.source.key))];
    const feeds = await this.options.store.sourceFeeds(keys);
    const configured = new Map(this.options.sources.map((source) => [source.key, source]));
    const info = new Map<string, SourceInfo>();
    for (const key of keys) {
      const source = configured.get(key);
      const feed = feeds.get(key);
      const name = source?.name ?? items.find((item) => item.source.key === key)!.source.name;
      info.set(key, { key, name, url: source && publicUri(source.url), feedTitle: feed?.title, feedLink: feed?.link, feedId: feed?.id });
    }
    return info;
  }

  private async writeIfChanged(file: string, content: string): Promise<{ changed: boolean; digest: string }> {
    const digest = sha256(content);
    const remembered = this.lastDigest.get(file);
    // The file is read unless what was last written already differs: one deleted or edited on disk
    // since is written again, even while other outputs keep changing.
    const previous = remembered !== undefined && remembered !== digest ? remembered : await digestOfFile(file);
    const changed = previous !== digest;
    if (changed) await writeFileAtomic(file, content);
    this.lastDigest.set(file, digest);
    return { changed, digest };
  }
}

async function digestOfFile(file: string): Promise<string | undefined> {
  try {
    return sha256(await readFile(file));
  } catch {
    return undefined;
  }
}
