import { basename } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rssFeed } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { startHubStub } from '../helpers/hub-stub.js';
import { runDaemon, type RunningDaemon } from '../helpers/daemon-process.js';
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
});
