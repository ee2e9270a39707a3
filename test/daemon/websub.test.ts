import { basename } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rssFeed } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { startHubStub } from '../helpers/hub-stub.js';
import { runDaemon, type RunningDaemon } from '../helpers/daemon-process.js';
import { freePort } from '../helpers/redis-server.js';
import { createWorkspace, testConfig } from '../helpers/temp-workspace.js';
import { waitFor } from '../helpers/wait-for.js';

describe('the daemon as a WebSub publisher', () => {
  let daemon: RunningDaemon | undefined;
  const servers: FeedServer[] = [];
  afterEach(async () => {
    await daemon?.stop();
    for (const server of servers.splice(0)) await server.close();
  });

  it('advertises its hub and self URL, and pings the hub for each output file that changed', async () => {
    const hub = await startHubStub();
    const feeds = await FeedServer.start({ '/wire.rss': { body: rssFeed('Wire', [{ guid: 'a', title: 'Story A', link: 'https://wire.example/a', date: '2026-01-05T10:00:00Z' }]) } });
    servers.push(hub.server, feeds);
    const work = await createWorkspace();
    await work.writeConfig(
      testConfig([{ key: 'wire', url: feeds.url('/wire.rss') }], {
        output: { title: 'News', id: 'urn:t', selfUrl: 'https://news.example/feeds/all.atom', hubs: [hub.url] },
      }),
    );
    daemon = await runDaemon(['--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);
    const running = daemon;
    // The topic of each file a publish wrote, as the daemon logged them: one ping is owed for each.
    // Whether the first publish (empty) comes before the first poll or after it depends on timing.
    const owed = () =>
      running.child
        .output()
        .split('\n')
        .filter((line) => line.includes('"msg":"published"'))
        .flatMap((line) => (JSON.parse(line) as { files: string[] }).files.map((file) => `https://news.example/feeds/${basename(file)}`))
        .sort();
    const pinged = () => hub.pings.map((ping) => String(ping['hub.url'])).sort();
    await waitFor('a ping for each output file written, Story A published', async () => {
      const served = await (await fetch(`${running.url}/feeds/all.atom`)).text();
      return served.includes('Story A') && owed().length >= 3 && JSON.stringify(pinged()) === JSON.stringify(owed());
    });
    expect(new Set(pinged())).toEqual(new Set(['https://news.example/feeds/all.atom', 'https://news.example/feeds/all.json', 'https://news.example/feeds/all.rss']));

    const atom = await (await fetch(`${daemon.url}/feeds/all.atom`)).text();
    expect(atom).toContain(`<link rel="hub" href="${hub.url}"/>`);
    expect(atom).toContain('<link rel="self" type="application/atom+xml" href="https://news.example/feeds/all.atom"/>');
    const json = (await (await fetch(`${daemon.url}/feeds/all.json`)).json()) as { hubs: unknown };
    expect(json.hubs).toEqual([{ type: 'WebSub', url: hub.url }]);
    expect(await (await fetch(`${daemon.url}/feeds/all.rss`)).text()).toContain(`<atom:link href="${hub.url}" rel="hub"/>`);
  });

  it('pings the hub once the files it names are served, so a hub that fetches at once gets them, from the first start on', async () => {
    const hub = await startHubStub([], { fetchTopics: true });
    const feeds = await FeedServer.start({ '/wire.rss': { body: rssFeed('Wire', [{ guid: 'a', title: 'Story A', link: 'https://wire.example/a', date: '2026-01-05T10:00:00Z' }]) } });
    servers.push(hub.server, feeds);
    const port = await freePort();
    const work = await createWorkspace();
    await work.writeConfig(
      testConfig([{ key: 'wire', url: feeds.url('/wire.rss') }], {
        output: { title: 'News', id: 'urn:t', selfUrl: `http://127.0.0.1:${port}/feeds/all.atom`, hubs: [hub.url] },
        server: { host: '127.0.0.1', port },
      }),
    );
    daemon = await runDaemon(['--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);
    const atom = `http://127.0.0.1:${port}/feeds/all.atom`;
    await waitFor(
      'the hub fetched the feed with Story A, and each topic it was pinged for',
      () => hub.fetches.some((got) => got.topic === atom && got.body?.includes('Story A')) && hub.fetches.length === hub.pings.length,
    );
    // Every fetch the hub made found the feed served, with what the ping announced at the time.
    expect(hub.fetches.filter((got) => got.error !== undefined)).toEqual([]);
    const atomFetches = hub.fetches.filter((got) => got.topic === atom);
    expect(atomFetches.at(-1)?.body).toContain('Story A');
  });
});
