import { Archiver } from '../archive/archiver.js';
import { archiveSettingsOf } from '../archive/archive-settings.js';
import { describeError } from '../errors/tributary-error.js';
import { lazyLogger, loadPino } from '../log.js';
import { createRedactingLogger } from '../log-redaction.js';
import { pollCycle } from '../daemon/poll-cycle.js';
import { createAgent } from '../fetcher/create-agent.js';
import { createPipelineDeps } from '../pipeline/create-pipeline-deps.js';
import { createDocumentPool } from '../pipeline/document-pool.js';
import { Publisher } from '../publisher/publisher.js';
import { resolveOutputs } from '../publisher/resolve-outputs.js';
import { openItemStore } from '../store/open-item-store.js';
import { StoryPass } from '../stories/story-pass.js';
import { VERSION } from '../version.js';
import { EXIT_BAD_CONFIG, EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { loadConfigOrReport, resolveStoreUri } from './load-or-report.js';

/** The options of `tributary poll`; `run` takes them too. */
export interface PollOptions {
  config: string;
  store?: string;
  out?: string;
}

/** One cycle over every enabled source, then publish. Failing sources are reported, not fatal. */
export async function runPoll(options: PollOptions): Promise<number> {
  const config = await loadConfigOrReport(options.config);
  if (!config) return EXIT_BAD_CONFIG;
  // Logs go to stderr so stdout carries only the summary; on a terminal, above a progress bar.
  // The bar and its pretty log lines load only for a person watching (pino-pretty is slow to load).
  const barModule = process.stderr.isTTY ? await import('./progress-bar.js') : undefined;
  const bar = barModule ? new barModule.ProgressBar(process.stderr, config.sources.filter((source) => source.enabled).length) : undefined;
  const level = process.env.LOG_LEVEL ?? 'info';
  const logger =
    bar && barModule
      ? barModule.createBarLogger(bar)
      : lazyLogger(level, () => {
          const { pino } = loadPino();
          return createRedactingLogger(pino, { level, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
        });
  const store = await openItemStore(resolveStoreUri(options.store, config), config.store);
  const agent = createAgent({ connectTimeoutMs: config.fetch.connectTimeoutMs });
  const documents = createDocumentPool(config.fetch.parseThreads, { memoryMb: config.fetch.parseThreadMemoryMb });
  try {
    const publisher = new Publisher({
      store,
      outputs: resolveOutputs(config),
      dir: options.out ?? config.output.dir,
      sources: config.sources,
      logger,
      generator: { name: 'Tributary', version: VERSION },
      stories: config.stories.enabled,
    });
    const archiveSettings = archiveSettingsOf(config);
    const archiver = archiveSettings && new Archiver({ store, settings: archiveSettings, logger });
    bar?.start();
    const { outcomes, published, archived } = await pollCycle(config, createPipelineDeps(config, { store, logger, dispatcher: agent, documents }), publisher, {
      logger,
      force: true,
      ...(bar ? { onOutcome: () => bar.tick() } : {}),
      ...(archiver ? { archiver } : {}),
      ...(config.stories.enabled ? { stories: new StoryPass({ store, logger }) } : {}),
      afterPolls: () => documents.close(),
    });
    bar?.finish();
    const count = (status: string) => outcomes.filter((outcome) => outcome.status === status).length;
    const added = outcomes.reduce((sum, outcome) => sum + outcome.added, 0);
    const updated = outcomes.reduce((sum, outcome) => sum + outcome.updated, 0);
    process.stdout.write(
      `polled ${outcomes.length} sources: ${count('changed')} changed, ${count('unchanged') + count('not-modified')} unchanged, ` +
        `${count('failed')} failed, ${count('skipped')} skipped; ${added} new items, ${updated} updated; ` +
        `published ${published.map((output) => `${output.name} (${output.items} items)`).join(', ')}` +
        `${published.some((output) => output.written.length > 0) ? '' : ' (outputs unchanged)'}` +
        `${archived && 'result' in archived ? `; archive: ${archived.result.items} items, ${archived.result.written} files written, ${archived.result.deleted} deleted` : ''}\n`,
    );
    for (const outcome of outcomes.filter((o) => o.status === 'failed' || o.status === 'skipped')) {
      process.stdout.write(`  ${outcome.sourceKey}: ${outcome.status}: ${outcome.reason}\n`);
    }
    if (archived && 'error' in archived) {
      process.stderr.write(`archive failed: ${describeError(archived.error)}\n`);
      return EXIT_FAILURE;
    }
    return EXIT_OK;
  } finally {
    bar?.finish();
    await store.close();
    await agent.close();
    await documents.close();
  }
}
