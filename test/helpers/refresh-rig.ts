import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config/schema.js';
import { createAgent } from '../../src/fetcher/create-agent.js';
import { createPipelineDeps } from '../../src/pipeline/create-pipeline-deps.js';
import type { PipelineDeps } from '../../src/pipeline/refresh-source.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import type { FactoryItem } from './feed-factory.js';
import { FeedServer } from './feed-server.js';
import { captureLog, type CapturedLog } from './log-capture.js';

/** What a test of refreshSource polls with: a local feed server, a SQLite store in a temp dir, a captured log. */
export interface RefreshRig {
  server: FeedServer;
  store: ItemStore;
  log: CapturedLog;
  /** The last line logged with this message (`polled`, …), if any. */
  lastLogged(message: string): ReturnType<CapturedLog['lines']>[number] | undefined;
  /** The pipeline's dependencies for `config`, on the rig's store and log, with the clock given. */
  depsOf(config: Config, now: () => Date): PipelineDeps;
  close(): Promise<void>;
}

export async function openRefreshRig(prefix: string): Promise<RefreshRig> {
  const server = await FeedServer.start();
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const store = await openItemStore(`sqlite://${join(dir, 'store.db')}`, { retentionDays: 30, seenRetentionDays: 365 });
  const log = captureLog();
  const agent = createAgent({ connectTimeoutMs: 2000 });
  return {
    server,
    store,
    log,
    lastLogged: (message) =>
      log
        .lines()
        .filter((line) => line.msg === message)
        .at(-1),
    depsOf(config, now) {
      const deps = createPipelineDeps(config, { store, logger: log.logger, dispatcher: agent, now, random: () => 1 });
      return { ...deps, fetchOptions: { ...deps.fetchOptions, timeoutMs: 2000 } };
    },
    async close() {
      await store.close();
      await agent.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Story n of a wire, dated n minutes after 2025-12-01, with a description long enough to be cut. */
export const wireStory = (n: number, title = `Story ${n} of the wire`): FactoryItem => ({
  guid: `s-${n}`,
  title,
  link: `https://wire.example/${n}`,
  date: new Date(Date.UTC(2025, 11, 1) + n * 60_000).toISOString(),
  description: `<p>What happened in story ${n}, told at some length so that a description can be cut.</p>`,
});

/** Stories from..to of the wire. */
export const wireStories = (from: number, to: number): FactoryItem[] => Array.from({ length: to - from + 1 }, (_, i) => wireStory(from + i));
