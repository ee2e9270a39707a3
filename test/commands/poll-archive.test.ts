import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveFiles, expectSeedSchema, mtimes, readArchiveFile } from '../helpers/archive-files.js';
import { rssFeed, type FactoryItem } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { runCli } from '../helpers/run-cli.js';
import { createWorkspace, testConfig, type Workspace } from '../helpers/temp-workspace.js';

const fixture = (name: string) => readFile(join('test/fixtures/pipeline', name), 'utf8');

const WIRE: FactoryItem[] = [
  { guid: 'w-1', title: 'Bitcoin: "ON" or NO? #1', link: 'https://wire.example/1', date: '2026-01-09T10:00:00Z', description: 'A question of #tags & colons: yes.' },
  { guid: '55880200', title: '2025-12-16', link: 'https://wire.example/2', date: '2026-01-09T11:00:00Z' },
  {
    guid: 'w-3',
    title: 'CoreWeave collapse sparks fears of cracks in AI infrastructure boom',
    link: 'https://wire.example/3',
    date: '2026-01-09T12:00:00Z',
    // As seed 000 has it: UTF-8 read as windows-1252 (`â€¦` for `…`).
    description:
      'The recent collapse of CoreWeave, a company that transitioned from Bitcoin mining to high-performance computing, has raised concerns about the stability of the AI infrastructure\u00e2\u20ac\u00a6',
  },
];

describe('tributary poll with an archive', () => {
  let server: FeedServer;
  let work: Workspace;
  /** The archive's folder: `archive.dir` is relative to the config file's folder. */
  let archiveDir: string;

  beforeEach(async () => {
    server = await FeedServer.start({
      '/crypto.rss': { body: await fixture('crypto-rss2-media.xml') },
      '/ai.atom': { body: await fixture('ai-atom.xml'), headers: { 'content-type': 'application/atom+xml' } },
      '/wire.rss': { body: rssFeed('Token Wire', WIRE) },
    });
    work = await createWorkspace();
    archiveDir = join(work.dir, 'site', 'content', 'news');
    await work.writeConfig(
      testConfig(
        [
          { key: 'chain-daily', url: server.url('/crypto.rss') },
          { key: 'model-notes', url: server.url('/ai.atom') },
          { key: 'token-wire', url: server.url('/wire.rss') },
        ],
        { archive: { dir: 'site/content/news' } },
      ),
    );
  });

  afterEach(async () => {
    await server.close();
  });

  // From another working directory: the archive is where the config file says, not where poll runs.
  const poll = () => runCli(['poll', '--config', work.configFile, '--store', work.storeUri, '--out', work.outDir], { cwd: '/' });

  it("writes one Markdown file per stored item, in the seeds' schema, beside the feeds", async () => {
    const result = await poll();
    expect(result.stderr).not.toMatch(/"level":(50|60)/);
    expect(result.code).toBe(0);
    const files = archiveFiles(archiveDir);
    expect(result.stdout).toContain(`; archive: ${files.length} items, ${files.length} files written, 0 deleted\n`);
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) expectSeedSchema(readArchiveFile(join(archiveDir, file)).data, file);
    const titles = files.map((file) => readArchiveFile(join(archiveDir, file)).data['title']);
    expect(titles).toEqual(expect.arrayContaining(['Bitcoin: "ON" or NO? #1', '2025-12-16']));
    const ids = files.map((file) => readArchiveFile(join(archiveDir, file)).data['externalId']);
    expect(ids).toContain('55880200');
  });

  it('writes the item as the commit stored it: text repaired, language, sentiment and topics computed', async () => {
    const result = await poll();
    expect(result.code).toBe(0);
    const [file] = archiveFiles(archiveDir).filter((path) => readArchiveFile(join(archiveDir, path)).data['externalId'] === 'w-3');
    const { data } = readArchiveFile(join(archiveDir, file!));
    expect(data['description']).toMatch(/the AI infrastructure…$/);
    expect(data).toMatchObject({ lang: 'en', sentiment: 'NEGATIVE', category: 'BTC' });
    // The topics found lead the tags, the first of them the category (the feed names none).
    const topics = data['topics'] as string[];
    expect(topics).toEqual(expect.arrayContaining(['BTC', 'AI']));
    expect(topics[0]).toBe('BTC');
    expect((data['tags'] as string[]).slice(0, topics.length)).toEqual(topics);
    expect(data['sentimentScore']).toBeLessThan(0);
  });

  it('touches no file when a second poll brings nothing new', async () => {
    await poll();
    const before = mtimes(archiveDir);
    const second = await poll();
    expect(second.code).toBe(0);
    const count = archiveFiles(archiveDir).length;
    expect(second.stdout).toContain(`; archive: ${count} items, 0 files written, 0 deleted\n`);
    expect(mtimes(archiveDir)).toEqual(before);
  });

  it('rewrites the file of an updated item where it was, and no other', async () => {
    await poll();
    const [path] = archiveFiles(archiveDir).filter((file) => readArchiveFile(join(archiveDir, file)).data['externalId'] === 'w-1');
    expect(path).toMatch(/^2026\/01\/2026-01-09-bitcoin-on-or-no-1-[0-9a-f]{8}\.md$/);
    const before = mtimes(archiveDir);
    server.route('/wire.rss', { body: rssFeed('Token Wire', [{ ...WIRE[0]!, title: 'Bitcoin: a corrected title' }, WIRE[1]!]) });
    const result = await poll();
    expect(result.stdout).toMatch(/; archive: \d+ items, 1 files written, 0 deleted\n/);
    expect(readArchiveFile(join(archiveDir, path!)).data['title']).toBe('Bitcoin: a corrected title');
    const changed = [...mtimes(archiveDir)].filter(([file, mtime]) => before.get(file) !== mtime).map(([file]) => file);
    expect(changed.sort()).toEqual(['.tributary-archive.json', path].sort());
  });
});
