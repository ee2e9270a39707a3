import type { Config } from '../config/schema.js';
import type { Publisher, PublishResult } from '../publisher/publisher.js';
import { PollLimiter } from '../scheduler/poll-limiter.js';
import { refreshSource, type PipelineDeps, type RefreshOutcome } from './refresh-source.js';

export interface CycleResult {
  outcomes: RefreshOutcome[];
  /** One result per output. */
  published: PublishResult[];
}

/**
 * One cycle over every enabled source (at most `fetch.concurrency` at once, `fetch.perHostConcurrency`
 * per host), then one publish.
 * `force` polls sources that are backing off too: an operator running `tributary poll` asked for it.
 */
export async function pollCycle(
  config: Config,
  deps: PipelineDeps,
  publisher: Publisher,
  options: { force?: boolean; onOutcome?: (outcome: RefreshOutcome) => void } = {},
): Promise<CycleResult> {
  const limiter = new PollLimiter(config.fetch.concurrency, config.fetch.perHostConcurrency);
  const sources = config.sources.filter((source) => source.enabled);
  // Every state in one read (a round trip per 500) rather than one each: most of a cycle of 304s.
  // A source whose states cannot be read this way reads its own, and reports it.
  const saved = await deps.store.getStates(sources.map((source) => source.key)).catch(() => undefined);
  const outcomes = await Promise.all(
    sources.map((source) =>
      limiter.run(source.url, async () => {
        const outcome = await refreshSource(source, config, deps, { force: options.force, saved: saved && { state: saved.get(source.key) } });
        options.onOutcome?.(outcome);
        return outcome;
      }),
    ),
  );
  const published = await publisher.publish();
  return { outcomes, published };
}
