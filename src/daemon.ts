import type { Agent } from 'undici';
import type { Logger } from 'pino';
import type { Config, SourceConfig } from './config/schema.js';
import { createAgent } from './fetcher/create-agent.js';
import { createPipelineDeps } from './pipeline/create-pipeline-deps.js';
import { refreshSource, type PipelineDeps } from './pipeline/refresh-source.js';
import { Publisher } from './publisher/publisher.js';
import { resolveOutputs } from './publisher/resolve-outputs.js';
import { PollLimiter } from './scheduler/poll-limiter.js';
import { SourceScheduler } from './scheduler/source-scheduler.js';
import type { ItemStore } from './store/item-store.js';
import { openItemStore } from './store/keyv-item-store.js';
import { redactUri } from './store/redact-uri.js';
import { VERSION } from './version.js';

export interface DaemonOptions {
  config: Config;
  storeUri: string;
  outDir: string;
  logger: Logger;
  /** How long stop() lets in-flight polls finish before aborting them. @default 10000 */
  shutdownGraceMs?: number;
  /** Delay between a change and the publish it triggers, to batch changes of one tick. @default 1000 */
  publishDelayMs?: number;
  now?: () => Date;
  random?: () => number;
}

/**
 * The composition root of `tributary run`: store, publisher, scheduler and pipeline wired together.
 * Polls every source once at start (so outputs exist even when the sources are unreachable), then on
 * each source's cron schedule; publishes after changes; stops cleanly.
 */
export class Daemon {
  private readonly limiter: PollLimiter;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly polling = new Set<string>();
  private publishTimer: NodeJS.Timeout | undefined;
  private publishing: Promise<void> = Promise.resolve();
  private dirty = false;
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly options: DaemonOptions,
    private readonly store: ItemStore,
    private readonly agent: Agent,
    private readonly publisher: Publisher,
    private readonly scheduler: SourceScheduler,
    private readonly deps: PipelineDeps,
    private readonly abort: AbortController,
  ) {
    this.limiter = new PollLimiter(options.config.fetch.concurrency, options.config.fetch.perHostConcurrency);
  }

  static async start(options: DaemonOptions): Promise<Daemon> {
    const { config, logger } = options;
    const now = options.now ?? (() => new Date());
    const random = options.random ?? Math.random;
    const store = await openItemStore(options.storeUri, config.store);
    const agent = createAgent({ connectTimeoutMs: config.fetch.connectTimeoutMs });
    const publisher = new Publisher({
      store, outputs: resolveOutputs(config), dir: options.outDir, sources: config.sources, logger, generator: { name: 'Tributary', version: VERSION },
    });
    let daemon: Daemon | undefined;
    const scheduler = new SourceScheduler({
      defaultSchedule: config.schedule.default,
      jitterMs: config.schedule.jitterSeconds * 1000,
      random,
      onDue: (source) => daemon?.poll(source),
    });
    const abort = new AbortController();
    const deps = createPipelineDeps(config, { store, logger, dispatcher: agent, signal: abort.signal, now, random });
    daemon = new Daemon(options, store, agent, publisher, scheduler, deps, abort);

    const enabled = config.sources.filter((source) => source.enabled);
    logger.info({ sources: enabled.length, disabled: config.sources.length - enabled.length, store: redactUri(options.storeUri) }, 'tributary started');
    await daemon.publishNow();
    await daemon.scheduler.schedule(config.sources);
    for (const source of enabled) daemon.poll(source);
    return daemon;
  }

  /** Resolves when every poll started so far has finished (and any publish they caused). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
    if (this.publishTimer) {
      clearTimeout(this.publishTimer);
      this.publishTimer = undefined;
      await this.publishNow();
    }
    await this.publishing;
  }

  /** Stops scheduling, lets in-flight polls finish within the grace period, then aborts them; publishes; closes. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private poll(source: SourceConfig): void {
    if (this.stopping || this.polling.has(source.key)) return;
    this.polling.add(source.key);
    const run = this.limiter.run(source.url, async () => {
      if (this.stopping) return;
      const outcome = await refreshSource(source, this.options.config, this.deps);
      if (outcome.status === 'changed') this.schedulePublish();
    })
      .catch((error: unknown) => this.options.logger.error({ err: error, source_key: source.key }, 'poll crashed'))
      .finally(() => {
        this.polling.delete(source.key);
        this.inFlight.delete(run);
      });
    this.inFlight.add(run);
  }

  private schedulePublish(): void {
    this.dirty = true;
    if (this.publishTimer || this.stopping) return;
    this.publishTimer = setTimeout(() => {
      this.publishTimer = undefined;
      void this.publishNow();
    }, this.options.publishDelayMs ?? 1000);
  }

  private publishNow(): Promise<void> {
    this.dirty = false;
    this.publishing = this.publishing.then(async () => {
      try {
        await this.publisher.publish();
      } catch (error) {
        this.dirty = true;
        this.options.logger.error({ err: error }, 'publish failed; outputs left as they were');
      }
    });
    return this.publishing;
  }

  private async shutdown(): Promise<void> {
    const { logger } = this.options;
    logger.info({ in_flight: this.inFlight.size }, 'stopping');
    await this.scheduler.stop();
    const grace = this.options.shutdownGraceMs ?? 10_000;
    const finished = await settleWithin(Promise.all(this.inFlight), grace);
    if (!finished) {
      logger.warn({ in_flight: this.inFlight.size, grace_ms: grace }, 'aborting polls still running after the grace period');
      this.abort.abort(new Error('shutting down'));
      await Promise.all(this.inFlight);
    }
    if (this.publishTimer) clearTimeout(this.publishTimer);
    if (this.dirty) await this.publishNow();
    await this.publishing;
    await this.store.close();
    await this.agent.close();
    logger.info('stopped');
  }
}

async function settleWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const result = await Promise.race([promise.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}

