import { setMaxListeners } from 'node:events';
import type { Agent } from 'undici';
import { Archiver } from '../archive/archiver.js';
import { archiveSettingsOf } from '../archive/archive-settings.js';
import type { Config } from '../config/schema.js';
import { createAgent } from '../fetcher/create-agent.js';
import { redactUri } from '../model/redact-uri.js';
import { createPipelineDeps } from '../pipeline/create-pipeline-deps.js';
import type { DocumentProcessor } from '../pipeline/document-job.js';
import { createDocumentPool } from '../pipeline/document-pool.js';
import type { PipelineDeps, RefreshOutcome } from '../pipeline/refresh-source.js';
import { Publisher } from '../publisher/publisher.js';
import { resolveOutputs } from '../publisher/resolve-outputs.js';
import { SourceScheduler } from '../scheduler/source-scheduler.js';
import { DaemonMetrics } from '../server/daemon-metrics.js';
import { HttpServer } from '../server/http-server.js';
import { OutputCache } from '../server/output-cache.js';
import { countSourceStates } from '../server/status-snapshot.js';
import type { ItemStore } from '../store/item-store.js';
import { openItemStore } from '../store/open-item-store.js';
import { VERSION } from '../version.js';
import { CloseStack } from './close-stack.js';
import type { DaemonOptions } from './daemon-options.js';
import { LocalPoller } from './local-poller.js';
import { openRoles } from './open-roles.js';
import type { ProcessRoles, RoleHooks } from './process-roles.js';
import { PublishLoop, STORY_SAVE_EVERY_MS } from './publish-loop.js';
import { checkReadiness } from './readiness.js';
import { warnRestartNeeded } from './restart-needed.js';
import { CLOSE_TIMEOUT_MS, settleWithin } from '../cluster/settle-within.js';
import { SourceStates } from './source-states.js';
import { StatusPages } from './status-pages.js';

/**
 * The composition root of `tributary run`: store, pipeline, scheduler, publisher and HTTP server
 * wired together. Polls every source once at start (so outputs exist even when the sources are
 * unreachable), then on each source's cron schedule; publishes after changes; takes a new config
 * without a restart; stops cleanly. What this process does of that, and how, its roles say
 * (process-roles.ts): all of it here, or its share of a fleet's work on one Redis.
 */
export class Daemon {
  private config: Config;
  private deps: PipelineDeps;
  private publisher: Publisher;
  private archiver: Archiver | undefined;
  private readonly poller: LocalPoller;
  private readonly scheduler: SourceScheduler;
  private readonly abort = new AbortController();
  private readonly states: SourceStates;
  private readonly outputs = new OutputCache();
  private readonly metrics: DaemonMetrics;
  private readonly publishing: PublishLoop;
  private server: HttpServer | undefined;
  private firstCycleDone = false;
  private stopping: Promise<void> | undefined;
  private readonly now: () => Date;
  private readonly random: () => number;

  private constructor(
    private readonly options: DaemonOptions,
    private readonly store: ItemStore,
    private readonly agent: Agent,
    private readonly documents: DocumentProcessor,
    private readonly roles: ProcessRoles,
    private readonly closing: CloseStack,
  ) {
    this.config = options.config;
    // Every fetch in flight listens to this one signal until it ends: as many as fetch.concurrency,
    // whatever a reload sets it to, so no fixed listener limit fits.
    setMaxListeners(0, this.abort.signal);
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.deps = this.createDeps(this.config);
    this.publisher = this.createPublisher(this.config);
    this.archiver = this.createArchiver(this.config);
    this.states = new SourceStates(store);
    this.poller = new LocalPoller({ config: () => this.config, deps: () => this.deps, logger: options.logger, onOutcome: (outcome) => this.refreshed(outcome) });
    this.scheduler = new SourceScheduler({
      defaultSchedule: this.config.schedule.default,
      jitterMs: this.config.schedule.jitterSeconds * 1000,
      random: this.random,
      onDue: (source, dueAt) => this.roles.dispatch(source, dueAt),
    });
    this.metrics = new DaemonMetrics({
      sourceStates: () => countSourceStates(this.config.sources, this.states.all, this.now()),
      storedItems: () => this.store.countIndexed(),
    });
    const outDir = () => this.outDir;
    this.publishing = new PublishLoop({
      publisher: () => this.publisher,
      config: () => this.config,
      outputs: this.outputs,
      // A getter: the loop reads it at each publish, so a reload's output.dir is where the next one reads.
      get outDir() {
        return outDir();
      },
      metrics: this.metrics,
      agent,
      logger: options.logger,
      now: this.now,
      delayMs: options.publishDelayMs ?? 1000,
      writes: () => roles.writesFiles(),
      // Polls run in other processes too: the states shown are read from the store after each publish.
      after: roles.sharesStates ? () => this.states.load(this.config.sources) : undefined,
      archiver: () => this.archiver,
      archiveDir: () => this.config.archive?.dir,
      store,
      storiesAssigned: () => roles.announceChange(),
      // A fleet's standby publishers render from the saved story registry: saved at every run there.
      storySaveEveryMs: roles.sharesStates ? 0 : STORY_SAVE_EVERY_MS,
    });
  }

  static async start(options: DaemonOptions): Promise<Daemon> {
    const { config, logger } = options;
    const closing = new CloseStack(logger);
    try {
      // A fleet's Redis first: a role on an embedded store is refused before any file is created.
      const roles = await openRoles(options);
      closing.push('fleet connection', () => roles.close());
      const store = await openItemStore(options.storeUri, config.store);
      closing.push('store', () => store.close());
      const agent = createAgent({ connectTimeoutMs: config.fetch.connectTimeoutMs });
      closing.push('HTTP agent', () => agent.close());
      const documents = createDocumentPool(config.fetch.parseThreads, { memoryMb: config.fetch.parseThreadMemoryMb });
      closing.push('parse threads', () => documents.close());
      const daemon = new Daemon(options, store, agent, documents, roles, closing);
      await daemon.startParts();
      return daemon;
    } catch (error) {
      await closing.closeAll();
      throw error;
    }
  }

  private async startParts(): Promise<void> {
    const { config, logger } = this.options;
    const hooks: RoleHooks = {
      config: () => this.config,
      pollHere: (source, dueAt) => void this.poller.poll(source, { dueAt }),
      pollAllHere: () => void this.pollAll(),
      changed: () => this.publishing.schedule(),
      pipeline: () => this.deps,
      signal: this.abort.signal,
      refreshed: (outcome) => this.refreshed(outcome, { local: false }),
    };
    await this.states.load(config.sources);
    if (this.roles.publishes) {
      await this.publishing.removeStaleTempFiles();
      await this.roles.startPublishing(hooks);
      // The last publish before the server closes: a reader polling during the drain gets it.
      this.closing.push('publishing and HTTP server', async () => {
        await this.publishing.stop();
        await this.server?.close();
      });
      await this.publishing.now({ loadAll: true });
      const serve = this.options.serve ?? (config.server.enabled ? config.server : false);
      if (serve) await this.listen(serve.host, serve.port);
      this.publishing.servingStarted();
    }
    if (this.roles.schedules) {
      await this.scheduler.schedule(config.sources);
      this.closing.push('schedule', () => this.scheduler.stop());
    }
    if (this.roles.readyAtStart) this.firstCycleDone = true;
    const enabled = config.sources.filter((source) => source.enabled);
    logger.info(
      { sources: enabled.length, disabled: config.sources.length - enabled.length, store: redactUri(this.options.storeUri), url: this.url, roles: this.roles.description },
      'tributary started',
    );
    await this.roles.startWork(hooks);
  }

  /** Where the outputs are written: --out, else the current config's output.dir. */
  private get outDir(): string {
    return this.options.outDir ?? this.config.output.dir;
  }

  /** Where the HTTP server listens, when it does. */
  get url(): string | undefined {
    return this.server?.url;
  }

  /**
   * Takes a new, already validated config without a restart: sources added, removed or
   * rescheduled (new and changed ones polled at once), outputs (their folder too, unless --out set
   * it) and fetch settings replaced, the feeds served with the new max-age. What cannot change in a
   * running process (restart-needed.ts) is logged and kept.
   */
  async reload(next: Config, reason = 'reload'): Promise<void> {
    if (this.stopping) return;
    const { logger } = this.options;
    warnRestartNeeded(this.config, next, logger);
    const previousOutDir = this.outDir;
    this.config = next;
    this.deps = this.createDeps(next);
    this.poller.resize(next);
    this.publisher = this.createPublisher(next);
    this.archiver = this.createArchiver(next);
    const schedule = { defaultSchedule: next.schedule.default, jitterMs: next.schedule.jitterSeconds * 1000 };
    const changed = this.roles.schedules ? await this.scheduler.schedule(next.sources, schedule) : [];
    this.states.keepOnly(next.sources);
    await this.states.load(next.sources.filter((source) => changed.includes(source.key)));
    logger.info({ reason, sources: next.sources.length, rescheduled: changed.length }, 'config reloaded');
    if (this.outDir !== previousOutDir) logger.info({ from: previousOutDir, to: this.outDir }, 'output folder changed: outputs are written to the new one, the old one is left as it is');
    await this.roles.reconfigure(next);
    // New and changed sources are polled at once (queued as due now, in a fleet).
    const now = this.now();
    for (const source of next.sources) if (changed.includes(source.key)) this.roles.dispatch(source, now);
    if (this.roles.publishes) await this.publishing.now({ loadAll: true });
  }

  /** Stops scheduling, lets in-flight polls finish within the grace period, then aborts them; publishes; closes. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  /** Every enabled source, polled here: at start, and when this process becomes the one that polls. */
  private async pollAll(): Promise<void> {
    await this.poller.pollAll(this.config.sources);
    this.firstCycleDone = true;
  }

  /** A refresh that ran in this process: metrics, the states shown, and a publish when it changed something. */
  private refreshed(outcome: RefreshOutcome, options: { local: boolean } = { local: true }): void {
    this.metrics.recordRefresh(outcome);
    this.states.record(outcome);
    // A worker's job announces its changes itself (runRefreshJob); the publisher hears of them there.
    if (outcome.status === 'changed' && options.local) {
      this.roles.announceChange();
      if (this.roles.publishes) this.publishing.schedule();
    }
  }

  private async listen(host: string, port: number): Promise<void> {
    const config = () => this.config;
    this.server = await HttpServer.listen(host, port, {
      outputs: this.outputs,
      metrics: this.metrics,
      readiness: () => checkReadiness(this.store, this.firstCycleDone),
      pages: new StatusPages({ config: () => this.config, states: () => this.states.all, store: this.store, cache: this.outputs, now: () => this.now() }),
      // A getter: read at each request, so a reload's value is served from then on.
      get cacheMaxAgeSeconds() {
        return config().server.cacheMaxAgeSeconds;
      },
      logger: this.options.logger,
    });
  }

  private createDeps(config: Config): PipelineDeps {
    return createPipelineDeps(config, {
      store: this.store,
      logger: this.options.logger,
      dispatcher: this.agent,
      documents: this.documents,
      signal: this.abort.signal,
      now: this.now,
      random: this.random,
    });
  }

  private createPublisher(config: Config): Publisher {
    return new Publisher({
      store: this.store,
      outputs: resolveOutputs(config),
      dir: this.outDir,
      sources: config.sources,
      logger: this.options.logger,
      generator: { name: 'Tributary', version: VERSION },
      stories: config.stories.enabled,
    });
  }

  /** The Markdown archive of the config, when it has one (written by the process that writes the feeds). */
  private createArchiver(config: Config): Archiver | undefined {
    const settings = archiveSettingsOf(config);
    return settings && new Archiver({ store: this.store, settings, logger: this.options.logger, now: () => this.now().getTime() });
  }

  private async shutdown(): Promise<void> {
    const { logger } = this.options;
    logger.info({ in_flight: this.poller.inFlightCount }, 'stopping');
    await this.scheduler.stop();
    const working = Promise.all([this.poller.close(), this.roles.stopTakingWork()]);
    const grace = this.options.shutdownGraceMs ?? 10_000;
    if (!(await settleWithin(working, grace))) {
      logger.warn({ in_flight: this.poller.inFlightCount, grace_ms: grace }, 'aborting polls still running after the grace period');
      this.abort.abort(new Error('shutting down'));
      // Aborted polls end at once; a worker's queue connection waits for Redis, which may be gone.
      if (!(await settleWithin(working, CLOSE_TIMEOUT_MS))) {
        logger.warn('gave up waiting for the job queue to close (is Redis reachable?)');
        this.roles.abandonWork();
      }
    }
    // The rest in reverse order of opening: the last publish, the server, the store, the connections.
    await this.closing.closeAll();
    logger.info('stopped');
  }
}
