import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { createAgent } from '../../src/fetcher/create-agent.js';
import type { Item } from '../../src/model/item.js';
import { createPipelineDeps } from '../../src/pipeline/create-pipeline-deps.js';
import { refreshSource, type RefreshOutcome } from '../../src/pipeline/refresh-source.js';
import { Publisher } from '../../src/publisher/publisher.js';
import { resolveOutputs } from '../../src/publisher/resolve-outputs.js';
import { buildStatusSnapshot } from '../../src/server/status-snapshot.js';
import { renderStatusPage } from '../../src/server/status-page.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { FeedServer, type Route } from '../helpers/feed-server.js';
import { captureLog, type CapturedLog } from '../helpers/log-capture.js';
import { tempDir } from '../helpers/temp-workspace.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'hostile');
export const fixture = (name: string): Promise<string> => readFile(join(FIXTURES, name), 'utf8');

/** The fetch limits every hostile case runs under (the defaults, but a short timeout). */
export const LIMITS = { timeoutMs: 5000, maxBodyBytes: 10 * 1024 * 1024 };

export interface HostileRun {
  outcome: RefreshOutcome;
  /** Highest resident set size seen while the refresh ran, over the one before it, in MB. */
  peakRssGrowthMb: number;
  /** The source's items as stored. */
  items: Item[];
}

/**
 * One hostile case through the real pipeline: a local server serves it, refreshSource fetches,
 * parses, normalizes and commits it to a real SQLite store; the outputs and the status page can then
 * be rendered from that store.
 */
export class HostileHarness {
  private constructor(
    readonly server: FeedServer,
    readonly store: ItemStore,
    readonly log: CapturedLog,
    readonly dir: string,
    private readonly agent: ReturnType<typeof createAgent>,
  ) {}

  static async start(): Promise<HostileHarness> {
    const dir = await tempDir('tributary-hostile-');
    const store = await openItemStore(`sqlite://${join(dir, 'store.db')}`, { retentionDays: 30, seenRetentionDays: 365 });
    return new HostileHarness(await FeedServer.start(), store, captureLog(), dir, createAgent({ connectTimeoutMs: 2000 }));
  }

  config(key: string, fetch: Record<string, number> = {}): Config {
    return parseConfig(
      'hostile',
      JSON.stringify({
        output: { title: 'Hostile', id: 'urn:hostile', maxItems: 1000 },
        sources: [{ key, name: key, url: this.server.url(`/${key}`) }],
        fetch: { ...LIMITS, ...fetch },
      }),
    );
  }

  /** Serves `route` at /<key> and refreshes the source once, watching memory while it runs. */
  async run(key: string, route: Route, fetch: Record<string, number> = {}): Promise<HostileRun> {
    this.server.route(`/${key}`, route);
    const config = this.config(key, fetch);
    const deps = createPipelineDeps(config, { store: this.store, logger: this.log.logger, dispatcher: this.agent, now: () => new Date('2026-01-05T12:00:00Z'), random: () => 1 });
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    let outcome: RefreshOutcome;
    try {
      outcome = await refreshSource(config.sources[0]!, config, deps, { force: true });
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    return { outcome, peakRssGrowthMb: (peak - baseline) / 1024 / 1024, items: await this.itemsOf(key) };
  }

  async itemsOf(key: string): Promise<Item[]> {
    const items: Item[] = [];
    for await (const item of this.store.iterateNewest({ pageSize: 500 })) if (item.source.key === key) items.push(item);
    return items;
  }

  /** The three output files rendered from the store, as the daemon would publish them. */
  async publish(config: Config): Promise<{ atom: string; rss: string; json: string }> {
    const dir = join(this.dir, 'feeds');
    const publisher = new Publisher({ store: this.store, outputs: resolveOutputs(config), dir, sources: config.sources, logger: this.log.logger });
    await publisher.publish();
    const read = (extension: string) => readFile(join(dir, `all.${extension}`), 'utf8');
    return { atom: await read('atom'), rss: await read('rss'), json: await read('json') };
  }

  async statusPage(config: Config): Promise<string> {
    const states = new Map(await Promise.all(config.sources.map(async (source) => [source.key, await this.store.getState(source.key)] as const)));
    return renderStatusPage(
      buildStatusSnapshot(
        config,
        resolveOutputs(config).map((output) => ({ name: output.name, title: output.feed.title })),
        states,
        new Date('2026-01-05T12:00:00Z'),
        'test',
      ),
    );
  }

  /** The warning logged for the source's failure, if any. */
  failureLogged(key: string): string | undefined {
    return this.log.lines().find((line) => line.source_key === key && line.msg.startsWith('source failing'))?.msg;
  }

  async close(): Promise<void> {
    await this.store.close();
    await this.agent.close();
    await this.server.close();
  }
}
