import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { entryId } from '../../src/publisher/entry-id.js';
import { eventIdOf } from '../../src/stories/index.js';
import { runDaemon, type RunningDaemon } from '../helpers/daemon-process.js';
import { FeedServer } from '../helpers/feed-server.js';
import { BACKGROUND, DTCC_BLOCK, DTCC_DECRYPT, JUVENTUS, storyFeeds, storyItem } from '../helpers/story-items.js';
import { createWorkspace, testConfig } from '../helpers/temp-workspace.js';
import { waitFor } from '../helpers/wait-for.js';

const SOURCES = ['wire', 'decrypt', 'theblock', 'coindesk'];
const COINDESK_DTCC = storyItem(
  'coindesk',
  'c2',
  4,
  'SEC clears DTCC to tokenize US securities in a three-year pilot',
  'The DTCC received an SEC No-Action Letter for its tokenization pilot of securities on blockchains.',
);

interface JsonFeed {
  items: Array<{ id: string; _tributary?: { event?: { id: string; items?: number } } }>;
}

describe('the daemon with stories', () => {
  let feeds: FeedServer;
  let daemon: RunningDaemon | undefined;

  afterEach(async () => {
    await daemon?.stop();
    await feeds.close();
  });

  it('assigns stories before each publish, and the counts grow as another outlet reports the event', async () => {
    const routes = (items = [...BACKGROUND, DTCC_DECRYPT, DTCC_BLOCK, JUVENTUS]) => Object.entries(storyFeeds(items));
    feeds = await FeedServer.start(Object.fromEntries(routes().map(([path, body]) => [path, { body }])));
    const work = await createWorkspace();
    await work.writeConfig(
      testConfig(
        SOURCES.map((key) => ({ key, url: feeds.url(`/${key}.rss`), schedule: '* * * * * *' })),
        { schedule: { jitterSeconds: 0 } },
      ),
    );
    daemon = await runDaemon(['--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);

    const eventOf = async (id: string) => {
      const feed = JSON.parse(await readFile(join(work.outDir, 'all.json'), 'utf8').catch(() => '{"items":[]}')) as JsonFeed;
      return feed.items.find((item) => item.id === id)?._tributary?.event;
    };
    const blockId = entryId('theblock', DTCC_BLOCK.externalId);
    await waitFor('the event of both outlets in all.json', async () => (await eventOf(blockId))?.items === 2);
    expect(await eventOf(blockId)).toEqual({ id: eventIdOf(DTCC_DECRYPT), items: 2, sources: 2 });

    for (const [path, body] of routes([...BACKGROUND, DTCC_DECRYPT, DTCC_BLOCK, JUVENTUS, COINDESK_DTCC])) feeds.route(path, { body });
    await waitFor('a third report counted in the event', async () => (await eventOf(blockId))?.items === 3);
    expect(await eventOf(entryId('coindesk', COINDESK_DTCC.externalId))).toEqual({ id: eventIdOf(DTCC_DECRYPT), items: 3, sources: 3 });
    // The status page's news says how many sources carry the story, as the JSON Feed does.
    const page = await waitFor('the story count on the status page', async () => {
      const html = await (await fetch(`${daemon!.url}/`)).text();
      return html.includes('story in 3 sources') ? html : undefined;
    });
    expect(page).toMatch(/<li><a href="[^"]+"><bdi>[^<]*DTCC[^<]*<\/bdi><\/a> <span class="muted">[^<]*(<[^>]+>[^<]*)*story in 3 sources<\/span>/);
    expect(daemon.child.output()).not.toMatch(/story pass failed|STORY_STATE_INVALID/);
  });
});
