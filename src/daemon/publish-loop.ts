import { extname } from 'node:path';
import type { DebouncedFunc } from 'lodash';
import debounce from 'lodash/debounce.js';
import type { Logger } from 'pino';
import type { Agent } from 'undici';
import type { Archiver } from '../archive/archiver.js';
import { cleanArchiveTempFiles } from '../archive/clean-archive-temp-files.js';
import { settleWithin } from '../cluster/settle-within.js';
import type { Config } from '../config/schema.js';
import { cleanTempFiles } from '../fs/clean-temp-files.js';
import { pingHubs } from '../publisher/ping-hubs.js';
import type { Publisher, PublishResult } from '../publisher/publisher.js';
import { resolveOutputs } from '../publisher/resolve-outputs.js';
import type { DaemonMetrics } from '../server/daemon-metrics.js';
import type { ItemStore } from '../store/item-store.js';
import { StoryPass } from '../stories/story-pass.js';
import { loadOutputsIntoCache, outputFileNames } from '../server/load-outputs.js';
import type { OutputCache } from '../server/output-cache.js';
import { USER_AGENT } from '../version.js';

/**
 * The story pass runs before every publish, every few seconds in a busy cycle; a process alone saves
 * its whole state (tens of MB at tens of thousands of items) at most this often, and at stop.
 */
export const STORY_SAVE_EVERY_MS = 5 * 60_000;

/**
 * A publish and its story pass have a cost of their own besides the items they take in (the pass
 * checks every open event and story, the publish renders every output): run once a second through a
 * cold cycle of 1,000 feeds, they were about 15 % of its CPU. While polls keep committing, they
 * wait for a quiet moment, up to this long.
 */
export const MAX_PUBLISH_DELAY_MS = 10_000;

export interface PublishLoopOptions {
  /** The current publisher and config (a reload replaces both). */
  publisher: () => Publisher;
  config: () => Config;
  /** What the HTTP server serves, filled after each publish or render. */
  outputs: OutputCache;
  outDir: string;
  metrics: DaemonMetrics;
  /** For WebSub pings. */
  agent: Agent;
  logger: Logger;
  now: () => Date;
  /**
   * Quiet time after the last change before the publish it triggers: the changes of a cycle in
   * progress ride along with the next one instead of each starting a publish and a story pass.
   */
  delayMs: number;
  /**
   * Whether this process writes the files: always for the single process; in a fleet, the
   * publisher lease's holder only. The others render into the served cache alone.
   */
  writes: () => boolean;
  /** Run after each publish or render (a fleet's publisher reloads the states its status page shows). */
  after?: () => Promise<void>;
  /** The Markdown archive, brought up to date after each publish that writes files; none when not configured. */
  archiver?: () => Archiver | undefined;
  /** The archive's folder, for the temp files a killed run left there. */
  archiveDir?: () => string | undefined;
  /** The store, for the story pass run before each publish that writes files (config stories.enabled). */
  store?: ItemStore;
  /**
   * Called when the story pass assigned something: in a fleet, the standby publishers render again
   * (their last render may have come before the pass, and nothing else would tell them).
   */
  storiesAssigned?: () => void;
  /**
   * How often the story pass saves its whole state: STORY_SAVE_EVERY_MS for a process alone; 0
   * (every run) in a fleet, whose standby publishers render from the saved registry.
   * @default STORY_SAVE_EVERY_MS
   */
  storySaveEveryMs?: number;
  /** How long stop() lets an archive run in progress finish before it stops it. @default 5000 */
  archiveGraceMs?: number;
}

/**
 * When and how the daemon publishes: changes are batched for `delayMs`, publishes never overlap,
 * a failed one is retried with the next change (or at stop), and what was written goes into the
 * served cache and to the WebSub hubs.
 */
export class PublishLoop {
  private publishing: Promise<void> = Promise.resolve();
  private readonly pings = new Set<Promise<void>>();
  /** Topics written before servingStarted, pinged then; undefined once the server listens. */
  private heldTopics: Set<string> | undefined = new Set();
  /** Archive runs, one at a time, after the publishes; not awaited by them (a first run over a large store takes a while). */
  private archiving: Promise<void> = Promise.resolve();
  private archiveQueued = false;
  private readonly archiveAbort = new AbortController();
  private dirty = false;
  private readonly publishSoon: DebouncedFunc<() => void>;
  /** A publish is queued behind the one in progress and has not begun; and whether it loads every output. */
  private waiting = false;
  private loadAllWaiting = false;
  /** Whether the last publish wrote the files (this process held the publisher lease). */
  private wroteLast = false;
  private stopped = false;
  /** Created at the first publish with stories enabled; keeps its state in memory between runs. */
  private storyPass: StoryPass | undefined;

  constructor(private readonly options: PublishLoopOptions) {
    // Longest a change waits for its publish while changes keep coming (a long cycle).
    const maxWait = Math.max(options.delayMs, MAX_PUBLISH_DELAY_MS);
    this.publishSoon = debounce(() => void this.now(), options.delayMs, { maxWait });
  }

  /** A run killed mid-write (SIGKILL, power loss) leaves its temp file behind; nothing else removes it. */
  async removeStaleTempFiles(): Promise<void> {
    const { logger, outDir } = this.options;
    try {
      const removed = await cleanTempFiles(outDir);
      if (removed.length > 0) logger.warn({ files: removed }, 'removed temp files left by a run that was killed mid-write');
    } catch (error) {
      logger.warn({ err: error }, 'could not look for temp files left in the output folder');
    }
    const archiveDir = this.options.archiveDir?.();
    if (archiveDir === undefined) return;
    try {
      const removed = await cleanArchiveTempFiles(archiveDir);
      if (removed.length > 0) logger.warn({ dir: archiveDir, files: removed }, 'removed temp files left in the archive by a run that was killed mid-write');
    } catch (error) {
      logger.warn({ err: error }, 'could not look for temp files left in the archive');
    }
  }

  /**
   * Something changed: publish once no change has come for `delayMs`, or MAX_PUBLISH_DELAY_MS after
   * the first change still waiting, whichever is sooner (changes meanwhile ride along).
   */
  schedule(): void {
    this.dirty = true;
    if (!this.stopped) this.publishSoon();
  }

  /** Resolves once the publishes begun so far have ended. */
  settled(): Promise<void> {
    return this.publishing;
  }

  /**
   * Publishes now, after any publish in progress; `loadAll` puts every output in the served cache,
   * changed or not. A publish already waiting to begin takes the call along (it will see everything
   * this one would), so publishes slower than the changes that ask for them never pile up.
   */
  now(options: { loadAll?: boolean } = {}): Promise<void> {
    this.dirty = false;
    this.loadAllWaiting ||= options.loadAll ?? false;
    if (this.waiting) return this.publishing;
    this.waiting = true;
    this.publishing = this.publishing.then(async () => {
      this.waiting = false;
      const loadAll = this.loadAllWaiting;
      this.loadAllWaiting = false;
      if (this.options.writes()) {
        // A standby that has just taken over served its own renders: the files it now answers for
        // go into the served cache whole, even those its first publish finds already as they should be.
        await this.publishFiles(loadAll || !this.wroteLast);
        this.wroteLast = true;
      } else {
        this.wroteLast = false;
        await this.renderForServing();
      }
      await this.options.after?.().catch(() => undefined);
    });
    return this.publishing;
  }

  /**
   * No more scheduled publishes; what is pending is published, the archive gets a grace period to
   * catch up (then stops between pages: the next start goes on from there), and pings in flight finish.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.publishSoon.cancel();
    if (this.dirty) await this.now();
    await this.publishing;
    await this.storyPass?.flush().catch((error: unknown) => this.options.logger.error({ err: error }, 'could not save the story state; the next start assigns the latest items again'));
    if (!(await settleWithin(this.archiving, this.options.archiveGraceMs ?? 5_000))) {
      this.options.logger.warn('stopped the archive before it caught up; it goes on from there at the next start');
      this.archiveAbort.abort(new Error('stopping'));
      await this.archiving;
    }
    await Promise.all(this.pings);
  }

  private async publishFiles(loadAll: boolean): Promise<void> {
    const { logger } = this.options;
    await this.assignStories();
    let results: PublishResult[];
    try {
      results = await this.options.publisher().publish({ registry: this.storyPass?.registry() });
    } catch (error) {
      this.dirty = true;
      logger.error({ err: error }, 'publish failed; outputs left as they were');
      // What the files held before is served meanwhile: after a restart nothing else is.
      if (loadAll) await this.loadForServing(resolveOutputs(this.options.config()).map((output) => output.name));
      return;
    }
    const at = this.options.now();
    for (const result of results) if (result.written.length > 0) this.options.metrics.recordPublish(result.name, at);
    await this.loadForServing(results.filter((result) => loadAll || result.written.length > 0).map((result) => result.name));
    // After the new files are served: a hub fetches the topic as soon as it is pinged.
    this.notifyHubs(results);
    // An output the config no longer has (a reload removed or renamed it) stops being served.
    this.options.outputs.retainOnly(outputFileNames(results.map((result) => result.name)));
    this.queueArchive();
  }

  /**
   * The archive after the feeds, in the background: one run at a time, and one queued at most (a
   * run reads the store's change log to its end). A failure is logged; the next publish tries again.
   */
  private queueArchive(): void {
    const archiver = this.options.archiver?.();
    if (!archiver || this.archiveQueued) return;
    this.archiveQueued = true;
    this.archiving = this.archiving.then(async () => {
      this.archiveQueued = false;
      const { signal } = this.archiveAbort;
      try {
        await archiver.sync(signal);
      } catch (error) {
        if (signal.aborted) return;
        this.options.logger.error({ err: error, code: (error as { code?: unknown }).code }, 'archive failed; the next publish tries again');
      }
    });
  }

  /** The story pass, before the publish that shows its ids; a failure is logged, and the outputs show the ids as they were. */
  private async assignStories(): Promise<void> {
    const { store, logger } = this.options;
    if (!store || !this.options.config().stories.enabled) return;
    this.storyPass ??= new StoryPass({ store, logger, now: () => this.options.now().getTime(), saveEveryMs: this.options.storySaveEveryMs ?? STORY_SAVE_EVERY_MS });
    try {
      const { assigned } = await this.storyPass.run();
      if (assigned > 0) this.options.storiesAssigned?.();
    } catch (error) {
      logger.error({ err: error, code: (error as { code?: unknown }).code }, 'story pass failed; publishing the ids as they were');
    }
  }

  /** A fleet's standby publisher: the outputs rendered into the served cache, not written. */
  private async renderForServing(): Promise<void> {
    try {
      const at = this.options.now();
      const rendered = await this.options.publisher().render();
      for (const output of rendered) {
        for (const file of output.files) await this.options.outputs.put(file.fileName, file.content, file.contentType, at);
      }
      this.options.outputs.retainOnly(new Set(rendered.flatMap((output) => output.files.map((file) => file.fileName))));
    } catch (error) {
      this.dirty = true;
      this.options.logger.error({ err: error }, 'render failed; serving the outputs as they were');
    }
  }

  private async loadForServing(names: readonly string[]): Promise<void> {
    await loadOutputsIntoCache(this.options.outputs, this.options.outDir, names).catch((error: unknown) => this.options.logger.error({ err: error }, 'could not load the outputs for serving'));
  }

  /**
   * The server listens (or there is none): topics written before are pinged now. The first publish
   * comes before the server listens, and a hub pinged then would find nothing to fetch.
   */
  servingStarted(): void {
    const held = this.heldTopics;
    this.heldTopics = undefined;
    if (held !== undefined && held.size > 0) this.ping([...held]);
  }

  /** WebSub: each changed file's self URL is pinged to every hub, in the background. */
  private notifyHubs(results: readonly PublishResult[]): void {
    const config = this.options.config();
    const hubs = config.output.hubs;
    if (hubs.length === 0) return;
    const outputs = new Map(resolveOutputs(config).map((output) => [output.name, output]));
    const topics = results.flatMap((result) => {
      const urls = outputs.get(result.name)?.feed.urls;
      if (!urls) return [];
      return result.written.map((file) => urls[extname(file).slice(1) as keyof typeof urls]).filter((url): url is string => Boolean(url));
    });
    if (topics.length === 0) return;
    if (this.heldTopics !== undefined) for (const topic of topics) this.heldTopics.add(topic);
    else this.ping(topics);
  }

  private ping(topics: string[]): void {
    const hubs = this.options.config().output.hubs;
    if (hubs.length === 0) return;
    const pinging = pingHubs(hubs, topics, { dispatcher: this.options.agent, userAgent: USER_AGENT, logger: this.options.logger });
    this.pings.add(pinging);
    void pinging.finally(() => this.pings.delete(pinging));
  }
}
