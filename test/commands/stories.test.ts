import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryId } from '../../src/publisher/entry-id.js';
import { eventIdOf, storyIdOf } from '../../src/stories/index.js';
import { archiveFiles, readArchiveFile } from '../helpers/archive-files.js';
import { FeedServer } from '../helpers/feed-server.js';
import { runCli } from '../helpers/run-cli.js';
import { DTCC_BLOCK, DTCC_DECRYPT, storyFeeds } from '../helpers/story-items.js';
import { createWorkspace, testConfig, type Workspace } from '../helpers/temp-workspace.js';

const SOURCES = ['wire', 'decrypt', 'theblock', 'coindesk'];

describe('tributary poll with stories, and tributary stories', () => {
  let server: FeedServer;
  let work: Workspace;

  beforeEach(async () => {
    server = await FeedServer.start(Object.fromEntries(Object.entries(storyFeeds()).map(([path, body]) => [path, { body }])));
    work = await createWorkspace();
    await work.writeConfig(testConfig(SOURCES.map((key) => ({ key, url: server.url(`/${key}.rss`) }))));
  });
  afterEach(async () => {
    await server.close();
  });

  const poll = () => runCli(['poll', '--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);
  const stories = (...args: string[]) => runCli(['stories', '--config', work.configFile, '--store', work.storeUri, ...args]);

  it('assigns every item before its one publish: the JSON Feed shows the event both outlets reported', async () => {
    const result = await poll();
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('stories assigned');
    const feed = JSON.parse(await work.read('all.json')) as { items: Array<{ id: string; _tributary?: { event?: unknown; story?: unknown } }> };
    const block = feed.items.find((item) => item.id === entryId('theblock', DTCC_BLOCK.externalId))!;
    expect(block._tributary).toMatchObject({ event: { id: eventIdOf(DTCC_DECRYPT), items: 2, sources: 2 }, story: { id: storyIdOf(DTCC_DECRYPT), items: 2, sources: 2 } });
    expect(feed.items.every((item) => item._tributary?.event !== undefined)).toBe(true);
    expect(await work.read('all.atom')).toContain(`<link rel="related" href="${DTCC_BLOCK.link}"/>`);
  });

  it("writes each archived item's event and story into its file's front matter", async () => {
    await work.writeConfig(
      testConfig(
        SOURCES.map((key) => ({ key, url: server.url(`/${key}.rss`) })),
        { archive: { dir: 'archive' } },
      ),
    );
    expect((await poll()).code).toBe(0);
    const dir = join(work.dir, 'archive');
    const files = archiveFiles(dir).map((file) => readArchiveFile(join(dir, file)).data);
    const block = files.find((data) => data['externalId'] === DTCC_BLOCK.externalId && (data['source'] as { key: string }).key === 'theblock');
    expect(block).toMatchObject({ eventId: eventIdOf(DTCC_DECRYPT), storyId: storyIdOf(DTCC_DECRYPT) });
    expect(files.every((data) => typeof data['eventId'] === 'string' && typeof data['storyId'] === 'string')).toBe(true);
  });

  it('lists the largest stories first, as a table and as JSON', async () => {
    expect((await poll()).code).toBe(0);
    const json = await stories('--json', '--limit', '1');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { stories: Array<Record<string, unknown>> };
    expect(parsed.stories).toHaveLength(1);
    expect(parsed.stories[0]).toMatchObject({ id: storyIdOf(DTCC_DECRYPT), items: 2, sources: ['decrypt', 'theblock'], headline: DTCC_DECRYPT.title, firstAt: DTCC_DECRYPT.publishedAt });

    const table = await stories();
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^STORY\s+ITEMS\s+SOURCES\s+FIRST\s+SPAN\s+HEADLINE$/);
    expect(lines[1]).toMatch(new RegExp(`^${storyIdOf(DTCC_DECRYPT)}\\s+2\\s+2\\s+2025-12-12 00:00\\s+2h\\s+SEC Approves DTCC`));
    expect(table.stdout).toMatch(/\n\d+ of \d+ stories open\n$/);
  });

  it('says when there are no stories yet, and refuses a bad --limit (exit 2)', async () => {
    const empty = await stories();
    expect(empty).toMatchObject({ code: 0, stdout: expect.stringContaining('no stories in the store yet') });
    const bad = await stories('--limit', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--limit');
  });

  it('neither assigns nor shows stories when stories.enabled is false', async () => {
    await work.writeConfig(
      testConfig(
        SOURCES.map((key) => ({ key, url: server.url(`/${key}.rss`) })),
        { stories: { enabled: false } },
      ),
    );
    expect((await poll()).code).toBe(0);
    expect(await work.read('all.json')).not.toContain('"event"');
    expect((await stories()).stdout).toContain('stories.enabled is false');
    expect(await readFile(join(work.outDir, 'all.atom'), 'utf8')).not.toContain('rel="related"');
  });
});
