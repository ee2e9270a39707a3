import type { Logger } from 'pino';
import type { Config, SourceConfig } from '../config/schema.js';
import type { FetchState } from '../model/fetch-state.js';
import { refreshSource, type PipelineDeps, type RefreshOptions, type RefreshOutcome } from '../pipeline/refresh-source.js';
import { PollLimiter } from '../scheduler/poll-limiter.js';

export interface LocalPollerOptions {
  /** The current config and pipeline dependencies: a reload replaces both, polls in flight keep theirs. */
  config: () => Config;
  deps: () => PipelineDeps;
  logger: Logger;
  /** Told of every refresh's outcome, as it ends. */
  onOutcome?: (outcome: RefreshOutcome) => void;
}

/**
 * Polls sources in this process, as `tributary run` and `tributary poll` both do: at most
 * `fetch.concurrency` fetches at once and `fetch.perHostConcurrency` per host (a fetched document
 * waits for its parse and commit in one of as many more slots: scheduler/poll-limiter.ts), never two
 * polls of one source at once, and at stop no new poll while those in flight finish.
 */
export class LocalPoller {
  private readonly limiter: PollLimiter;
  private readonly polling = new Set<string>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly options: LocalPollerOptions) {
    const { fetch } = options.config();
    this.limiter = new PollLimiter(fetch.concurrency, fetch.perHostConcurrency);
  }

  /**
   * One refresh of `source`, when it is not being polled already and the poller is open (else
   * undefined at once). Never rejects: a crash of the refresh itself is logged.
   */
  poll(source: SourceConfig, options: RefreshOptions = {}): Promise<RefreshOutcome | undefined> {
    if (this.closed || this.polling.has(source.key)) return Promise.resolve(undefined);
    this.polling.add(source.key);
    const deps = this.options.deps();
    const config = this.options.config();
    const run = this.limiter
      .run(source.url, async (fetched) => {
        if (this.closed) return undefined;
        const outcome = await refreshSource(source, config, deps, { ...options, fetched });
        this.options.onOutcome?.(outcome);
        return outcome;
      })
      .catch((error: unknown) => {
        this.options.logger.error({ err: error, source_key: source.key }, 'poll crashed');
        return undefined;
      })
      .finally(() => {
        this.polling.delete(source.key);
        this.inFlight.delete(run);
      });
    this.inFlight.add(run);
    return run;
  }

  /**
   * Every enabled source once, their states read together first (one round trip per 500 rather than
   * one each: most of a cycle of 304s). Outcomes in the order of `sources`, one per source polled.
   */
  async pollAll(sources: readonly SourceConfig[], options: { force?: boolean } = {}): Promise<RefreshOutcome[]> {
    const enabled = sources.filter((source) => source.enabled);
    // A source whose state cannot be read this way reads its own, and reports it.
    const saved = await this.options
      .deps()
      .store.getStates(enabled.map((source) => source.key))
      .catch(() => undefined);
    const savedState = (key: string): { state: FetchState | undefined } | undefined => saved && { state: saved.get(key) };
    const outcomes = await Promise.all(enabled.map((source) => this.poll(source, { force: options.force, saved: savedState(source.key) })));
    return outcomes.filter((outcome): outcome is RefreshOutcome => outcome !== undefined);
  }

  /** After a reload: the new limits apply to polls already waiting too. */
  resize(config: Config): void {
    this.limiter.resize(config.fetch.concurrency, config.fetch.perHostConcurrency);
  }

  /** How many polls are running or waiting for their turn. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** No new polls from now on (waiting ones end without polling); resolves when those in flight are done. */
  close(): Promise<void> {
    this.closed = true;
    return this.idle();
  }

  /** Resolves once every poll started so far has ended. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }
}
