import pLimit from 'p-limit';
import type { Config } from '../config/schema.js';
import type { Publisher, PublishResult } from '../publisher/publisher.js';
import { refreshSource, type PipelineDeps, type RefreshOutcome } from './refresh-source.js';

export interface CycleResult {
  outcomes: RefreshOutcome[];
  published: PublishResult;
}

/**
 * One cycle over every enabled source (at most `fetch.concurrency` at once), then one publish.
 * `force` polls sources that are backing off too: an operator running `tributary poll` asked for it.
 */
export async function pollCycle(
  config: Config,
  deps: PipelineDeps,
  publisher: Publisher,
  options: { force?: boolean; onOutcome?: (outcome: RefreshOutcome) => void } = {},
): Promise<CycleResult> {
  const limit = pLimit(config.fetch.concurrency);
  const sources = config.sources.filter((source) => source.enabled);
  const outcomes = await Promise.all(
    sources.map((source) =>
      limit(async () => {
        const outcome = await refreshSource(source, config, deps, { force: options.force });
        options.onOutcome?.(outcome);
        return outcome;
      }),
    ),
  );
  const published = await publisher.publish();
  return { outcomes, published };
}
