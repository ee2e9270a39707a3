import { afterEach, describe, expect, it } from 'vitest';
import { rssFeed, type FactoryItem } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { atomEntries } from '../helpers/feed-xml.js';
import { runDaemon, type RunningDaemon } from '../helpers/daemon-process.js';
import { createWorkspace, testConfig } from '../helpers/temp-workspace.js';
import { waitFor } from '../helpers/wait-for.js';

const story = (n: number): FactoryItem => ({ guid: `s-${n}`, title: `Story ${n}`, link: `https://wire.example/${n}`, date: new Date(Date.UTC(2026, 0, 1, n)).toISOString() });

describe('the daemon over HTTP', () => {
  let feeds: FeedServer | undefined;
  let daemon: RunningDaemon | undefined;
  afterEach(async () => {
    await daemon?.stop();
    await feeds?.close();
  });

  it('serves the outputs it publishes, with 304 on a repeat, and reports ready after the first cycle', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    feeds = await FeedServer.start({
      '/wire.rss': async (_req, res) => {
        await gate;
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Wire', [story(1), story(2)]));
      },
    });
    const work = await createWorkspace();
    await work.writeConfig(testConfig([{ key: 'wire', url: feeds.url('/wire.rss') }]));
    daemon = await runDaemon(['--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);

    // The first poll is held back: alive, not ready, and an empty (valid) feed is served.
    expect((await fetch(`${daemon.url}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${daemon.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ ready: false, checks: { store: true, config: true, firstCycle: false } });
    expect(atomEntries(await (await fetch(`${daemon.url}/feeds/all.atom`)).text())).toEqual([]);

    release();
    await waitFor('readiness', async () => (await fetch(`${daemon!.url}/readyz`)).status === 200);
    const full = await waitFor('the polled items to be served', async () => {
      const answer = await fetch(`${daemon!.url}/feeds/all.atom`);
      const body = await answer.text();
      return atomEntries(body).length === 2 ? { answer, body } : undefined;
    });
    expect(full.answer.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const etag = full.answer.headers.get('etag')!;
    expect((await fetch(`${daemon.url}/feeds/all.atom`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(`${daemon.url}/feeds/all.json`)).headers.get('content-type')).toBe('application/feed+json; charset=utf-8');

    const metrics = await (await fetch(`${daemon.url}/metrics`)).text();
    expect(metrics).toContain('tributary_polls_total{source="wire",status="changed"} 1');
    expect(metrics).toContain('tributary_items_total{source="wire",change="new"} 2');
    expect(metrics).toContain('tributary_sources{state="ok"} 1');
    expect(metrics).toMatch(/tributary_store_items 2\b/);
  });

  it('serves the status pages from what it polled: trouble first, the news as published, and a page per source', async () => {
    feeds = await FeedServer.start({
      '/wire.rss': { body: rssFeed('The Wire', [story(1), story(2)]) },
      '/down.rss': { status: 500, body: 'down' },
    });
    const work = await createWorkspace();
    await work.writeConfig(
      testConfig([
        { key: 'wire', name: 'Wire', url: feeds.url('/wire.rss') },
        { key: 'down', name: 'Down', url: feeds.url('/down.rss') },
      ]),
    );
    daemon = await runDaemon(['--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);
    const overview = await waitFor('the news on the status page', async () => {
      const html = await (await fetch(`${daemon!.url}/`)).text();
      return html.includes('Story 2') ? html : undefined;
    });
    const rows = [...overview.matchAll(/<a href="\/sources\/([a-z0-9-]+)">/g)].map((m) => m[1]);
    expect(rows).toEqual(['down', 'wire']);
    expect(overview).toContain('<a href="https://wire.example/2"><bdi>Story 2</bdi></a>');
    expect(overview).toMatch(/<desc id="polls-desc">2 polls in 48 bars: new or changed 1, nothing new 0, not modified \(304\) 0, failed 1\./);

    const filtered = await (await fetch(`${daemon.url}/?state=ok`)).text();
    expect([...filtered.matchAll(/<a href="\/sources\/([a-z0-9-]+)">/g)].map((m) => m[1])).toEqual(['wire']);

    const wire = await fetch(`${daemon.url}/sources/wire`);
    expect(wire.status).toBe(200);
    expect(wire.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await wire.text();
    expect(page).toContain(`<tr><th scope="row">Feed&#39;s own title</th><td><bdi>The Wire</bdi></td></tr>`);
    expect(page).toMatch(/<tr class="outcome-changed"><td>.*?<\/td><td>new or changed<\/td><td class="number">200<\/td>/);
    expect(page.indexOf('Story 2')).toBeLessThan(page.indexOf('Story 1'));
    const down = await (await fetch(`${daemon.url}/sources/down`)).text();
    expect(down).toContain('<span class="state">backing off</span>: <bdi>HTTP 500 Internal Server Error</bdi>');
    expect((await fetch(`${daemon.url}/sources/nope`)).status).toBe(404);
  });

  it('polls many sources at once without warning of too many abort listeners', async () => {
    // Every in-flight fetch listens to the daemon's one shutdown signal (and lets go when it ends).
    let held = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    feeds = await FeedServer.start();
    for (let n = 0; n < 24; n++) {
      feeds.route(`/feed-${n}.rss`, async (_req, res) => {
        if (++held === 16) release();
        await gate;
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(`Feed ${n}`, [story(n)]));
      });
    }
    const work = await createWorkspace();
    const sources = Array.from({ length: 24 }, (_, n) => ({ key: `feed-${n}`, url: feeds!.url(`/feed-${n}.rss`) }));
    await work.writeConfig(testConfig(sources, { fetch: { timeoutMs: 5000, connectTimeoutMs: 2000, concurrency: 16, perHostConcurrency: 16 } }));
    daemon = await runDaemon(['--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);
    await waitFor('every source to be published', async () => atomEntries(await (await fetch(`${daemon!.url}/feeds/all.atom`)).text()).length === 24);
    expect(held).toBeGreaterThanOrEqual(16);
    expect(daemon.child.output()).not.toContain('MaxListenersExceededWarning');
  });
});
