import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rssFeed, type FactoryItem } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { atomEntries } from '../helpers/feed-xml.js';
import { runDaemon, type RunningDaemon } from '../helpers/daemon-process.js';
import { createWorkspace, testConfig, type Workspace } from '../helpers/temp-workspace.js';
import { waitFor } from '../helpers/wait-for.js';

const story = (feed: string, n: number): FactoryItem => ({
  guid: `${feed}-${n}`,
  title: `${feed} story ${n}`,
  link: `https://${feed}.example/${n}`,
  date: new Date(Date.UTC(2026, 0, 1, n)).toISOString(),
});

describe('live config reload', () => {
  let feeds: FeedServer;
  let daemon: RunningDaemon | undefined;
  let work: Workspace;
  const titles = async () =>
    atomEntries(await (await fetch(`${daemon!.url}/feeds/all.atom`)).text())
      .map((entry) => entry.title)
      .sort();
  const reloads = () => daemon!.child.output().match(/"msg":"config reloaded"/g)?.length ?? 0;

  afterEach(async () => {
    await daemon?.stop();
    await feeds.close();
  });

  async function start(sources: Array<{ key: string; url: string; schedule?: string }>) {
    feeds = await FeedServer.start({
      '/a.rss': { body: rssFeed('A', [story('a', 1)]) },
      '/b.rss': { body: rssFeed('B', [story('b', 1), story('b', 2)]) },
    });
    work = await createWorkspace();
    await work.writeConfig(testConfig(sources.map((source) => ({ ...source, url: feeds.url(source.url) }))));
    daemon = await runDaemon(['--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);
  }

  it('adds a source written into the file, polls it at once, and publishes nothing twice', async () => {
    await start([{ key: 'a', url: '/a.rss' }]);
    await waitFor('source a to be served', async () => (await titles()).length === 1);
    await work.writeConfig(
      testConfig([
        { key: 'a', url: feeds.url('/a.rss') },
        { key: 'b', url: feeds.url('/b.rss') },
      ]),
    );
    await waitFor('source b to be served', async () => (await titles()).length === 3);
    expect(await titles()).toEqual(['a story 1', 'b story 1', 'b story 2']);
    const ids = atomEntries(await readFile(join(work.outDir, 'all.atom'), 'utf8')).map((entry) => entry.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('stops polling a source removed from the file', async () => {
    await start([
      { key: 'a', url: '/a.rss', schedule: '* * * * * *' },
      { key: 'b', url: '/b.rss' },
    ]);
    await waitFor('source a to be polled twice', () => feeds.requestsTo('/a.rss') >= 2);
    await work.writeConfig(testConfig([{ key: 'b', url: feeds.url('/b.rss') }]));
    await waitFor('the reload', () => reloads() === 1);
    const after = feeds.requestsTo('/a.rss');
    // Proving an absence takes time: at one poll a second, 2.5 s would have brought two more.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(feeds.requestsTo('/a.rss')).toBe(after);
  });

  it('refuses an invalid edit, logs why, and keeps running on the last good config', async () => {
    await start([{ key: 'a', url: '/a.rss' }]);
    await waitFor('source a to be served', async () => (await titles()).length === 1);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(work.configFile, JSON.stringify({ output: { title: 't', id: 'urn:t' }, sources: [{ key: 'a', name: 'A', url: 'nope' }] }));
    await waitFor('the refusal to be logged', () => daemon!.child.output().includes('config not reloaded'));
    expect(daemon!.child.output()).toMatch(/sources\[0\]\.url: not an http\(s\) URL/);
    expect((await fetch(`${daemon!.url}/readyz`)).status).toBe(200);
    expect(await titles()).toEqual(['a story 1']);

    // A good edit afterwards is taken.
    await work.writeConfig(
      testConfig([
        { key: 'a', url: feeds.url('/a.rss') },
        { key: 'b', url: feeds.url('/b.rss') },
      ]),
    );
    await waitFor('source b to be served', async () => (await titles()).length === 3);
  });

  it('reloads on SIGHUP, adding a named output, and stops serving it once it is taken out', async () => {
    await start([
      { key: 'a', url: '/a.rss' },
      { key: 'b', url: '/b.rss' },
    ]);
    await waitFor('both sources to be served', async () => (await titles()).length === 3);
    expect((await fetch(`${daemon!.url}/feeds/only-b.atom`)).status).toBe(404);
    await work.writeConfig(
      testConfig(
        [
          { key: 'a', url: feeds.url('/a.rss') },
          { key: 'b', url: feeds.url('/b.rss') },
        ],
        {
          outputs: [{ name: 'only-b', title: 'Only B', filter: { sources: ['b'] } }],
        },
      ),
    );
    await waitFor('the file reload', () => reloads() === 1);
    daemon!.child.kill('SIGHUP');
    await waitFor('the SIGHUP reload', () => /"reason":"SIGHUP"[^\n]*"msg":"config reloaded"/.test(daemon!.child.output()));
    const onlyB = await fetch(`${daemon!.url}/feeds/only-b.atom`);
    expect(onlyB.status).toBe(200);
    expect(
      atomEntries(await onlyB.text())
        .map((entry) => entry.title)
        .sort(),
    ).toEqual(['b story 1', 'b story 2']);

    // Taken out again: no longer served, as after a restart, in any format.
    await work.writeConfig(
      testConfig([
        { key: 'a', url: feeds.url('/a.rss') },
        { key: 'b', url: feeds.url('/b.rss') },
      ]),
    );
    await waitFor('the output to stop being served', async () => (await fetch(`${daemon!.url}/feeds/only-b.atom`)).status === 404);
    for (const extension of ['rss', 'json']) expect((await fetch(`${daemon!.url}/feeds/only-b.${extension}`)).status).toBe(404);
    expect((await fetch(`${daemon!.url}/feeds/all.atom`)).status).toBe(200);
  });
});
