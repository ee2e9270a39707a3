import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { archiveFiles, readArchiveFile } from '../helpers/archive-files.js';
import { runDaemon, type RunningDaemon } from '../helpers/daemon-process.js';
import { rssFeed, type FactoryItem } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { createWorkspace, testConfig } from '../helpers/temp-workspace.js';
import { waitFor } from '../helpers/wait-for.js';

const story = (n: number, title = `Story ${n}: the news`): FactoryItem => ({ guid: `s-${n}`, title, link: `https://a.example/${n}`, date: new Date(Date.UTC(2026, 0, 1, n)).toISOString() });

describe('the daemon with an archive', () => {
  let feeds: FeedServer;
  let daemon: RunningDaemon | undefined;

  afterEach(async () => {
    await daemon?.stop();
    await feeds.close();
  });

  it('writes the archive after its publishes, and keeps it up to date as items change', async () => {
    feeds = await FeedServer.start({ '/a.rss': { body: rssFeed('A', [story(1), story(2)]) } });
    const work = await createWorkspace();
    const dir = join(work.dir, 'archive');
    await work.writeConfig(testConfig([{ key: 'a', url: feeds.url('/a.rss'), schedule: '* * * * * *' }], { archive: { dir: 'archive' }, schedule: { jitterSeconds: 0 } }));
    daemon = await runDaemon(['--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);
    await waitFor('two archive files', async () => existsSync(dir) && archiveFiles(dir).length === 2);
    feeds.route('/a.rss', { body: rssFeed('A', [story(1, 'Story 1: corrected'), story(2), story(3)]) });
    await waitFor('the third file and the corrected title', async () => {
      const files = archiveFiles(dir);
      return files.length === 3 && files.some((file) => readArchiveFile(join(dir, file)).data['title'] === 'Story 1: corrected');
    });
    expect(daemon.child.output()).not.toMatch(/archive failed/);
  });
});
