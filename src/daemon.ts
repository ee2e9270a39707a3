import { setMaxListeners } from 'node:events';
import type { Agent } from 'undici';
import type { Logger } from 'pino';
import type { Config, SourceConfig } from './config/schema.js';
import { Cluster } from './cluster/cluster.js';
import { FleetScheduler } from './cluster/fleet-scheduler.js';
import type { Lease } from './cluster/lease.js';
import { startRefreshWorker, type RefreshJob } from './cluster/refresh-queue.js';
import { runRefreshJob } from './cluster/run-refresh-job.js';
import type { Role } from './cluster/roles.js';
import { settleWithin } from './cluster/settle-within.js';
import { createAgent } from './fetcher/create-agent.js';
import { cleanTempFiles } from './fs/clean-temp-files.js';
import type { FetchState } from './model/fetch-state.js';
import { createPipelineDeps } from './pipeline/create-pipeline-deps.js';
import { createDocumentPool } from './pipeline/document-pool.js';
import type { DocumentProcessor } from './pipeline/process-document.js';
import { refreshSource, type PipelineDeps } from './pipeline/refresh-source.js';
import { Publisher } from './publisher/publisher.js';
import { PublishLoop } from './publish-loop.js';
import { resolveOutputs } from './publisher/resolve-outputs.js';
import { PollLimiter } from './scheduler/poll-limiter.js';
import { SourceScheduler } from './scheduler/source-scheduler.js';
import { DaemonMetrics } from './server/daemon-metrics.js';
import { HttpServer } from './server/http-server.js';
import { OutputCache } from './server/output-cache.js';
import { buildStatusSnapshot, countSourceStates } from './server/status-snapshot.js';
import { renderStatusPage } from './server/status-page.js';
import type { ItemStore } from './store/item-store.js';
import { openItemStore } from './store/keyv-item-store.js';
import { redactUri } from './model/redact-uri.js';
import { VERSION } from './version.js';

export interface DaemonOptions {
  config: Config;
  storeUri: string;
  outDir: string;
  logger: Logger;
  /** Where to serve HTTP; false for no server. @default config.server */
  serve?: { host: string; port: number } | false;
  /** How long stop() lets in-flight polls finish before aborting them. @default 10000 */
  shutdownGraceMs?: number;
  /** Delay between a change and the publish it triggers, to batch changes of one tick. @default 1000 */
  publishDelayMs?: number;
  /**
   * The roles of a process of a fleet sharing one Redis store (see cluster/); undefined (`--role
   * all`) for the single process that does everything itself.
   */
  roles?: readonly Role[];
  now?: () => Date;
  random?: () => number;
}

/**
 * The composition root of `tributary run`: store, pipeline, scheduler, publisher and HTTP server
 * wired together. Polls every source once at start (so outputs exist even when the sources are
 * unreachable), then on each source's cron schedule; publishes after changes; takes a new config
 * without a restart; stops cleanly.
 *
 * With roles (a fleet on one Redis), the same parts are split along two seams: a due source is
 * queued for the workers instead of polled here (by the scheduler lease's holder only), and a
 * publisher learns of changes from the workers' change counter instead of its own polls (and only
 * the publisher lease's holder writes the files; the others serve what they render in memory).
 */
export class Daemon {
  private config: Config;
  private deps: PipelineDeps;
  private limiter: PollLimiter;
  private publisher: Publisher;
  private readonly scheduler: SourceScheduler;
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly polling = new Set<string>();
  /** Each source's last known fetch state, for the status page and metrics (no store read per request). */
  private readonly states = new Map<string, FetchState | undefined>();
  private readonly outputs = new OutputCache();
  private readonly metrics: DaemonMetrics;
  private server: HttpServer | undefined;
  private firstCycleDone = false;
  private readonly publishing: PublishLoop;
  private stopping: Promise<void> | undefined;
  private readonly now: () => Date;
  private readonly random: () => number;
  private fleetScheduler: FleetScheduler | undefined;
  private publisherLease: Lease | undefined;
  private worker: Awaited<ReturnType<typeof startRefreshWorker>> | undefined;

  private constructor(
    private readonly options: DaemonOptions,
    private readonly store: ItemStore,
    private readonly agent: Agent,
    private readonly documents: DocumentProcessor,
    private readonly cluster: Cluster | undefined,
  ) {
    this.config = options.config;
    // Every fetch in flight listens to this one signal until it ends: as many as fetch.concurrency,
    // whatever a reload sets it to, so no fixed listener limit fits.
    setMaxListeners(0, this.abort.signal);
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.deps = this.createDeps(this.config);
    this.limiter = new PollLimiter(this.config.fetch.concurrency, this.config.fetch.perHostConcurrency);
    this.publisher = this.createPublisher(this.config);
    this.scheduler = new SourceScheduler({
      defaultSchedule: this.config.schedule.default,
      jitterMs: this.config.schedule.jitterSeconds * 1000,
      random: this.random,
      onDue: (source, dueAt) => this.scheduleNow(source, dueAt),
    });
    this.metrics = new DaemonMetrics({
      sourceStates: () => countSourceStates(this.config.sources, this.states, this.now()),
      storedItems: () => this.store.countIndexed(),
    });
    this.publishing = new PublishLoop({
      publisher: () => this.publisher,
      config: () => this.config,
      outputs: this.outputs,
      outDir: options.outDir,
      metrics: this.metrics,
      agent,
      logger: options.logger,
      now: this.now,
      delayMs: options.publishDelayMs ?? 1000,
      writes: () => !cluster || Boolean(this.publisherLease?.held),
      // A fleet's publisher learns of states only from the store: read after each publish.
      after: cluster ? () => this.loadStates(this.config.sources) : undefined,
    });
  }

  static async start(options: DaemonOptions): Promise<Daemon> {
    const { config, logger, roles } = options;
    // The fleet's Redis first: a role on an embedded store is refused before any file is created.
    const cluster = roles ? await Cluster.open({ uri: options.storeUri, config: config.cluster, roles, logger, hostHoldMs: config.fetch.timeoutMs * 2 }) : undefined;
    let store: ItemStore;
    try {
      store = await openItemStore(options.storeUri, config.store);
    } catch (error) {
      await cluster?.close().catch(() => {});
      throw error;
    }
    const agent = createAgent({ connectTimeoutMs: config.fetch.connectTimeoutMs });
    const documents = createDocumentPool(config.fetch.parseThreads);
    const daemon = new Daemon(options, store, agent, documents, cluster);
    try {
      await daemon.startRoles();
    } catch (error) {
      await daemon.worker?.close().catch(() => {});
      await daemon.fleetScheduler?.stop().catch(() => {});
      await daemon.publisherLease?.stop().catch(() => {});
      await daemon.server?.close().catch(() => {});
      await cluster?.close().catch(() => {});
      await store.close().catch(() => {});
      await agent.close();
      await documents.close();
      throw error;
    }
    const enabled = config.sources.filter((source) => source.enabled);
    logger.info(
      {
        sources: enabled.length,
        disabled: config.sources.length - enabled.length,
        store: redactUri(options.storeUri),
        url: daemon.url,
        roles: roles ? roles.join(',') : 'all',
      },
      'tributary started',
    );
    if (!cluster) {
      void Promise.all(enabled.map((source) => daemon.poll(source))).then(() => {
        daemon.firstCycleDone = true;
      });
    }
    return daemon;
  }

  private has(role: Role): boolean {
    return !this.cluster || this.cluster.has(role);
  }

  private async startRoles(): Promise<void> {
    const { config } = this.options;
    const cluster = this.cluster;
    await this.loadStates(config.sources);
    if (this.has('publisher')) {
      await this.removeStaleTempFiles();
      if (cluster) {
        cluster.changes.watch(() => this.publishing.schedule());
        this.publisherLease = cluster.lease('publisher', { onAcquired: () => this.publishing.schedule(), onLost: () => {} });
        await this.publisherLease.start();
      }
      await this.publishing.now({ loadAll: true });
      const serve = this.options.serve ?? (config.server.enabled ? config.server : false);
      if (serve) await this.listen(serve.host, serve.port);
    }
    if (this.has('scheduler')) {
      await this.scheduler.schedule(config.sources);
      if (cluster?.queue) {
        this.fleetScheduler = new FleetScheduler(cluster, cluster.queue, () => this.config, this.now, this.options.logger);
        await this.fleetScheduler.start();
      }
    }
    if (cluster?.has('worker')) {
      this.worker = await startRefreshWorker({
        uri: this.options.storeUri,
        prefix: config.cluster.queue,
        concurrency: config.fetch.concurrency,
        logger: this.options.logger,
        process: (job) => this.runJob(job),
      });
    }
    // A fleet's processes are ready once their parts run; the single process after its first cycle.
    if (cluster) this.firstCycleDone = true;
  }

  /** Where the HTTP server listens, when it does. */
  get url(): string | undefined {
    return this.server?.url;
  }

  /**
   * Takes a new, already validated config without a restart: sources added, removed or
   * rescheduled (new and changed ones polled at once), outputs and fetch settings replaced. What
   * cannot change in a running process (store, server address) is logged and kept.
   */
  async reload(next: Config, reason = 'reload'): Promise<void> {
    if (this.stopping) return;
    const { logger } = this.options;
    const previous = this.config;
    if (next.store.uri !== previous.store.uri) logger.warn('store.uri changed: restart to use the new store (the running one is kept)');
    if (next.server.host !== previous.server.host || next.server.port !== previous.server.port || next.server.enabled !== previous.server.enabled) {
      logger.warn('server address changed: restart to listen on it (the running server is kept)');
    }
    this.config = next;
    this.deps = this.createDeps(next);
    this.limiter = new PollLimiter(next.fetch.concurrency, next.fetch.perHostConcurrency);
    this.publisher = this.createPublisher(next);
    const schedule = { defaultSchedule: next.schedule.default, jitterMs: next.schedule.jitterSeconds * 1000 };
    const changed = this.has('scheduler') ? await this.scheduler.schedule(next.sources, schedule) : [];
    const keys = new Set(next.sources.map((source) => source.key));
    for (const key of this.states.keys()) if (!keys.has(key)) this.states.delete(key);
    await this.loadStates(next.sources.filter((source) => changed.includes(source.key)));
    logger.info({ reason, sources: next.sources.length, rescheduled: changed.length }, 'config reloaded');
    this.worker?.setConcurrency(next.fetch.concurrency);
    await this.fleetScheduler?.reconfigure();
    // New and changed sources are polled at once (queued as due now, in a fleet).
    const now = this.now();
    for (const source of next.sources) if (changed.includes(source.key)) this.scheduleNow(source, now);
    if (this.has('publisher')) await this.publishing.now({ loadAll: true });
  }

  /** Stops scheduling, lets in-flight polls finish within the grace period, then aborts them; publishes; closes. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private poll(source: SourceConfig): Promise<void> {
    if (this.stopping || this.polling.has(source.key)) return Promise.resolve();
    this.polling.add(source.key);
    const deps = this.deps;
    const run = this.limiter
      .run(source.url, async () => {
        if (this.stopping) return;
        const outcome = await refreshSource(source, this.config, deps);
        this.metrics.recordRefresh(outcome);
        this.states.set(source.key, await this.store.getState(source.key).catch(() => this.states.get(source.key)));
        if (outcome.status === 'changed') this.publishing.schedule();
      })
      .catch((error: unknown) => this.options.logger.error({ err: error, source_key: source.key }, 'poll crashed'))
      .finally(() => {
        this.polling.delete(source.key);
        this.inFlight.delete(run);
      });
    this.inFlight.add(run);
    return run;
  }

  /** A due source: polled here, or in a fleet queued for the workers. */
  private scheduleNow(source: SourceConfig, dueAt: Date): void {
    if (this.cluster) this.fleetScheduler?.dispatch(source, dueAt);
    else void this.poll(source);
  }

  /** A worker's job (see runRefreshJob), and what the status page and metrics learn from it. */
  private async runJob(job: RefreshJob): Promise<string> {
    const result = await runRefreshJob(job, this.config, { pipeline: this.deps, hostSlots: this.cluster!.hostSlots, changes: this.cluster!.changes, signal: this.abort.signal });
    if ('outcome' in result) {
      this.metrics.recordRefresh(result.outcome);
      this.states.set(job.sourceKey, await this.store.getState(job.sourceKey).catch(() => this.states.get(job.sourceKey)));
    }
    return result.status;
  }

  private async listen(host: string, port: number): Promise<void> {
    this.server = await HttpServer.listen(host, port, {
      outputs: this.outputs,
      metrics: this.metrics,
      readiness: () => this.readiness(),
      statusPage: () => renderStatusPage(buildStatusSnapshot(this.config, this.states, this.now(), VERSION)),
      cacheMaxAgeSeconds: this.config.server.cacheMaxAgeSeconds,
      logger: this.options.logger,
    });
  }

  private async readiness(): Promise<{ ready: boolean; checks: Record<string, boolean> }> {
    let store = true;
    try {
      await this.store.getState('__readiness__');
    } catch {
      store = false;
    }
    const checks = { store, config: true, firstCycle: this.firstCycleDone };
    return { ready: Object.values(checks).every(Boolean), checks };
  }

  /** A run killed mid-write (SIGKILL, power loss) leaves its temp file behind; nothing else removes it. */
  private async removeStaleTempFiles(): Promise<void> {
    const { logger, outDir } = this.options;
    try {
      const removed = await cleanTempFiles(outDir);
      if (removed.length > 0) logger.warn({ files: removed }, 'removed temp files left by a run that was killed mid-write');
    } catch (error) {
      logger.warn({ err: error }, 'could not look for temp files left in the output folder');
    }
  }

  private async loadStates(sources: readonly SourceConfig[]): Promise<void> {
    const states = await this.store.getStates(sources.map((source) => source.key));
    for (const source of sources) this.states.set(source.key, states.get(source.key));
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
      dir: this.options.outDir,
      sources: config.sources,
      logger: this.options.logger,
      generator: { name: 'Tributary', version: VERSION },
    });
  }

  private async shutdown(): Promise<void> {
    const { logger } = this.options;
    logger.info({ in_flight: this.inFlight.size }, 'stopping');
    await this.scheduler.stop();
    await this.fleetScheduler?.stop();
    // A worker stops taking jobs at once; the jobs it runs finish like in-flight polls.
    const working = [Promise.all(this.inFlight), this.worker?.close()];
    const grace = this.options.shutdownGraceMs ?? 10_000;
    const finished = await settleWithin(Promise.all(working), grace);
    if (!finished) {
      logger.warn({ in_flight: this.inFlight.size, grace_ms: grace }, 'aborting polls still running after the grace period');
      this.abort.abort(new Error('shutting down'));
      // Aborted polls end at once; a worker's queue connection waits for Redis, which may be gone.
      if (!(await settleWithin(Promise.all(working), 2_000))) {
        logger.warn('gave up waiting for the job queue to close (is Redis reachable?)');
        this.worker?.forceClose();
      }
    }
    await this.publishing.stop();
    await this.publisherLease?.stop();
    await this.server?.close();
    await this.cluster?.close();
    await this.store.close();
    await this.agent.close();
    await this.documents.close();
    logger.info('stopped');
  }
}
