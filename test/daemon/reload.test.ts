import { readdir, readFile } from 'node:fs/promises';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { captureLog } from '../helpers/log-capture.js';
import { rssFeed, type FactoryItem } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { atomEntries } from '../helpers/feed-xml.js';
import { runDaemon, type RunningDaemon } from '../helpers/daemon-process.js';
import { createWorkspace, tempDir, testConfig, type Workspace } from '../helpers/temp-workspace.js';
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

  async function start(sources: Array<{ key: string; url: string; schedule?: string }>, extra: Record<string, unknown> = {}) {
    feeds = await FeedServer.start({
      '/a.rss': { body: rssFeed('A', [story('a', 1)]) },
      '/b.rss': { body: rssFeed('B', [story('b', 1), story('b', 2)]) },
    });
    work = await createWorkspace();
    await work.writeConfig(
      testConfig(
        sources.map((source) => ({ ...source, url: feeds.url(source.url) })),
        extra,
      ),
    );
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
    // No jitter: the source on an every-second line is polled each second, not up to 30 s later.
    const noJitter = { schedule: { jitterSeconds: 0 } };
    await start(
      [
        { key: 'a', url: '/a.rss', schedule: '* * * * * *' },
        { key: 'b', url: '/b.rss' },
      ],
      noJitter,
    );
    await waitFor('source a to be polled twice', () => feeds.requestsTo('/a.rss') >= 2);
    await work.writeConfig(testConfig([{ key: 'b', url: feeds.url('/b.rss') }], noJitter));
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

describe('live config reload of what the daemon reads as it runs', () => {
  let daemon: Daemon | undefined;
  afterEach(async () => {
    await daemon?.stop();
    daemon = undefined;
  });

  const configWith = (output: Record<string, unknown>, server: Record<string, unknown> = { enabled: false }) =>
    parseConfig('feeds.json', JSON.stringify({ output: { title: 'All', id: 'urn:t:all', ...output }, sources: [], server, fetch: { parseThreads: 0 } }));

  it('writes the outputs to a new output.dir, and keeps the folder --out gave', async () => {
    const dir = await tempDir('tributary-reload-dir-');
    const start = async (outDir?: string) => {
      const config = configWith({ dir: join(dir, 'old') });
      daemon = await Daemon.start({ config, storeUri: `sqlite://${join(dir, `${outDir ? 'cli' : 'config'}.db`)}`, outDir, logger: captureLog().logger, serve: false });
      return daemon;
    };

    await (await start()).reload(configWith({ dir: join(dir, 'new') }));
    expect(await readdir(join(dir, 'new'))).toContain('all.atom');
    await daemon!.stop();

    await (await start(join(dir, 'cli'))).reload(configWith({ dir: join(dir, 'other') }));
    expect(await readdir(dir)).not.toContain('other');
    expect(await readdir(join(dir, 'cli'))).toContain('all.atom');
  });

  it('serves the feeds with a new server.cacheMaxAgeSeconds', async () => {
    const dir = await tempDir('tributary-reload-max-age-');
    const server = (maxAge: number) => ({ host: '127.0.0.1', port: 0, cacheMaxAgeSeconds: maxAge });
    daemon = await Daemon.start({ config: configWith({ dir: join(dir, 'feeds') }, server(300)), storeUri: `sqlite://${join(dir, 'store.db')}`, logger: captureLog().logger });
    // Without keep-alive, so that stop() has no idle connection to drain.
    const cacheControl = () =>
      new Promise<string | undefined>((resolve, reject) => {
        get(`${daemon!.url}/feeds/all.atom`, { agent: false }, (res) => resolve(res.resume().headers['cache-control'])).on('error', reject);
      });
    expect(await cacheControl()).toBe('public, max-age=300');
    await daemon.reload(configWith({ dir: join(dir, 'feeds') }, server(60)));
    expect(await cacheControl()).toBe('public, max-age=60');
  });
});
