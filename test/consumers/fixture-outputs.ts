import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { parseConfig } from '../../src/config/load-config.js';
import { pollCycle } from '../../src/daemon/poll-cycle.js';
import { createAgent } from '../../src/fetcher/create-agent.js';
import type { Item } from '../../src/model/item.js';
import { createPipelineDeps } from '../../src/pipeline/create-pipeline-deps.js';
import { idOf } from '../../src/publisher/feed-document.js';
import { Publisher } from '../../src/publisher/publisher.js';
import { removeEchoes } from '../../src/publisher/remove-echoes.js';
import { resolveOutputs } from '../../src/publisher/resolve-outputs.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { FeedServer } from '../helpers/feed-server.js';
import { tempDir } from '../helpers/temp-workspace.js';

const FIXTURES: Array<{ key: string; file: string; contentType: string }> = [
  { key: 'chain-daily', file: 'pipeline/crypto-rss2-media.xml', contentType: 'application/rss+xml' },
  { key: 'model-notes', file: 'pipeline/ai-atom.xml', contentType: 'application/atom+xml' },
  { key: 'papers', file: 'pipeline/research-rdf.xml', contentType: 'application/rdf+xml' },
  { key: 'token-wire', file: 'pipeline/no-guids-with-repeat.xml', contentType: 'application/rss+xml' },
  { key: 'hostile', file: 'publisher/hostile-strings.rss', contentType: 'application/rss+xml' },
];

/** What a consumer should find for one item: its id (per format), title and link. */
export interface ExpectedEntry {
  /** The entry's id in every format: Atom's id, RSS's guid, JSON Feed's id. */
  atomId: string;
  title: string;
  link: string | undefined;
  sourceName: string;
}

export interface PublishedFixtures {
  /** Folder of the output files: all.atom, all.rss, all.json, crypto.*, ai.*. */
  outDir: string;
  /** The merged output `all` as it should read: every stored item but the echo, newest first. */
  expected: ExpectedEntry[];
  read(file: string): Promise<string>;
}

/**
 * The test fixtures through the real pipeline: served over HTTP, polled, normalized, stored in
 * SQLite, published by the Publisher. Nothing is stubbed but the internet.
 */
export async function publishFixtures(): Promise<PublishedFixtures> {
  const dir = await tempDir('tributary-consumers-');
  const routes: Record<string, { body: string; headers: Record<string, string> }> = {};
  for (const fixture of FIXTURES) {
    routes[`/${fixture.key}`] = { body: await readFile(join('test/fixtures', fixture.file), 'utf8'), headers: { 'content-type': fixture.contentType } };
  }
  const server = await FeedServer.start(routes);
  const config = parseConfig(
    'feeds.json',
    JSON.stringify({
      output: { title: 'Consumers & readers', id: 'urn:tributary:consumers', selfUrl: 'http://127.0.0.1:8080/feeds/all.atom', maxItems: 100 },
      sources: FIXTURES.map((fixture) => ({
        key: fixture.key,
        name: `Source ${fixture.key}`,
        url: server.url(`/${fixture.key}`),
        category: fixture.key === 'model-notes' || fixture.key === 'papers' ? 'ai' : 'crypto',
      })),
      outputs: [
        { name: 'crypto', title: 'Crypto', filter: { categories: ['crypto'] } },
        { name: 'ai', title: 'AI', filter: { categories: ['ai'] } },
      ],
    }),
  );
  const store = await openItemStore(`sqlite://${join(dir, 'store.db')}`, config.store);
  const agent = createAgent({ connectTimeoutMs: 2000 });
  const logger = pino({ level: 'silent' });
  const outDir = join(dir, 'feeds');
  try {
    const publisher = new Publisher({ store, outputs: resolveOutputs(config), dir: outDir, sources: config.sources, logger });
    const { outcomes } = await pollCycle(config, createPipelineDeps(config, { store, logger, dispatcher: agent }), publisher, { logger, force: true });
    const failed = outcomes.filter((outcome) => outcome.status === 'failed');
    if (failed.length > 0) throw new Error(`fixture sources failed: ${failed.map((outcome) => `${outcome.sourceKey}: ${outcome.reason}`).join('; ')}`);
    const expected = removeEchoes(await store.newestItems(100)).map((item) => expectedEntry(item));
    return { outDir, expected, read: (file) => readFile(join(outDir, file), 'utf8') };
  } finally {
    await store.close();
    await agent.close();
    await server.close();
  }
}

function expectedEntry(item: Item): ExpectedEntry {
  const atomId = idOf(item);
  return {
    atomId,
    title: item.title,
    link: item.link,
    sourceName: item.source.name,
  };
}
