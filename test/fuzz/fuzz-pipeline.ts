import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { createAgent } from '../../src/fetcher/create-agent.js';
import { createPipelineDeps } from '../../src/pipeline/create-pipeline-deps.js';
import { refreshSource, type RefreshOutcome } from '../../src/pipeline/refresh-source.js';
import { Publisher } from '../../src/publisher/publisher.js';
import { resolveOutputs } from '../../src/publisher/resolve-outputs.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { FeedServer } from '../helpers/feed-server.js';
import { captureLog } from '../helpers/log-capture.js';
import type { FuzzInput } from './fuzz-input.js';

const NOW = new Date('2026-01-05T12:00:00Z');

export interface PublishedOutputs {
  atom: string;
  rss: string;
  json: string;
  /** Items the publisher put in each output, and items it had to leave out. */
  items: number;
  skipped: number;
}

export interface CaseRun {
  outcome: RefreshOutcome;
  /** The outputs, when the refresh succeeded (a failed refresh stores nothing to publish). */
  published?: PublishedOutputs;
  /** Log lines of the case, refresh and publish. */
  log: Array<Record<string, unknown> & { msg: string; level: number }>;
}

/** Every case is this one source, served at /<key>. */
const SOURCE_KEY = 'fuzz';

/**
 * Runs fuzz cases through the real pipeline: the local feed server serves the case's bytes,
 * refreshSource fetches, decodes, parses, normalizes and commits them to a SQLite file, and the
 * Publisher writes Atom, RSS and JSON Feed from that store. The server and the HTTP agent live for
 * the whole run; each case gets a store file of its own (opening one costs ~3 ms), so its outputs
 * hold its items alone and a failing case replays, and shrinks, the same way whatever ran before
 * it. The source is the same in every case, so equal outputs are equal bytes.
 */
export class FuzzPipeline {
  private cases = 0;

  private constructor(
    private readonly server: FeedServer,
    private readonly agent: ReturnType<typeof createAgent>,
    readonly dir: string,
  ) {}

  static async start(): Promise<FuzzPipeline> {
    const dir = await mkdtemp(join(tmpdir(), 'tributary-fuzz-'));
    return new FuzzPipeline(await FeedServer.start(), createAgent({ connectTimeoutMs: 2000 }), dir);
  }

  async run(input: FuzzInput): Promise<CaseRun> {
    this.server.route(`/${SOURCE_KEY}`, { headers: { 'content-type': input.contentType }, body: input.body });
    const config = this.config(SOURCE_KEY);
    const storeFile = join(this.dir, `case-${++this.cases}.db`);
    const store = await openItemStore(`sqlite://${storeFile}`, { retentionDays: 30, seenRetentionDays: 365 });
    const log = captureLog();
    try {
      const deps = createPipelineDeps(config, { store, logger: log.logger, dispatcher: this.agent, now: () => NOW, random: () => 0.5 });
      const outcome = await refreshSource(config.sources[0]!, config, deps, { force: true });
      if (outcome.status === 'failed') return { outcome, log: log.lines() };
      const feedsDir = join(this.dir, 'feeds');
      const publisher = new Publisher({ store, outputs: resolveOutputs(config), dir: feedsDir, sources: config.sources, logger: log.logger });
      const [result] = await publisher.publish();
      const read = (extension: string) => readFile(join(feedsDir, `all.${extension}`), 'utf8');
      const published = { atom: await read('atom'), rss: await read('rss'), json: await read('json'), items: result!.items, skipped: result!.skipped };
      return { outcome, published, log: log.lines() };
    } finally {
      await store.close();
      await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${storeFile}${suffix}`, { force: true })));
    }
  }

  private config(key: string): Config {
    return parseConfig(
      'fuzz',
      JSON.stringify({
        output: { title: 'Fuzz', id: 'urn:tributary:fuzz', selfUrl: 'https://fuzz.example/feeds/all.atom', link: 'https://fuzz.example/', maxItems: 1000 },
        sources: [{ key, name: 'Fuzz source', url: this.server.url(`/${key}`) }],
        fetch: { timeoutMs: 10_000 },
      }),
    );
  }

  /** Stops the server and removes the run's files, but for `keep` (a folder inside the run's) and what it holds. */
  async close(options: { keep?: string } = {}): Promise<void> {
    await this.agent.close();
    await this.server.close();
    const entries = await readdir(this.dir);
    await Promise.all(
      entries
        .map((entry) => join(this.dir, entry))
        .filter((path) => path !== options.keep)
        .map((path) => rm(path, { recursive: true, force: true })),
    );
    if (!options.keep) await rm(this.dir, { recursive: true, force: true });
  }
}
