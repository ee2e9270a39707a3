import type { Logger } from 'pino';
import type { Archiver, ArchiveResult } from '../archive/archiver.js';
import type { Config } from '../config/schema.js';
import type { PipelineDeps, RefreshOutcome } from '../pipeline/refresh-source.js';
import type { Publisher, PublishResult } from '../publisher/publisher.js';
import type { StoryPass } from '../stories/story-pass.js';
import { LocalPoller } from './local-poller.js';

export interface CycleResult {
  outcomes: RefreshOutcome[];
  /** One result per output. */
  published: PublishResult[];
  /** What the archive did, when there is one: its result, or why it failed (the feeds are published all the same). */
  archived?: { result: ArchiveResult } | { error: unknown };
}

/**
 * One cycle over every enabled source (at most `fetch.concurrency` at once, `fetch.perHostConcurrency`
 * per host), then the story pass (when given; a failure is logged), one publish, and the archive
 * brought up to date: `tributary poll`. `force` polls
 * sources that are backing off too: an operator running `tributary poll` asked for it.
 */
export async function pollCycle(
  config: Config,
  deps: PipelineDeps,
  publisher: Publisher,
  options: {
    logger: Logger;
    force?: boolean;
    onOutcome?: (outcome: RefreshOutcome) => void;
    archiver?: Archiver;
    stories?: StoryPass;
    /** Frees what only the polls need (the parse threads, 100 MB or so each) before the story pass and the publish. */
    afterPolls?: () => Promise<void>;
  },
): Promise<CycleResult> {
  const poller = new LocalPoller({ config: () => config, deps: () => deps, logger: options.logger, onOutcome: options.onOutcome });
  const outcomes = await poller.pollAll(config.sources, { force: options.force });
  await options.afterPolls?.();
  await options.stories?.run().catch((error: unknown) => options.logger.error({ err: error }, 'story pass failed; publishing the ids as they were'));
  const published = await publisher.publish({ registry: options.stories?.registry() });
  if (!options.archiver) return { outcomes, published };
  try {
    return { outcomes, published, archived: { result: await options.archiver.sync() } };
  } catch (error) {
    return { outcomes, published, archived: { error } };
  }
}
