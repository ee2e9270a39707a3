import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rssFeed, type FactoryItem } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { atomEntries } from '../helpers/feed-xml.js';
import { runCli, startDaemon } from '../helpers/run-cli.js';
import { createWorkspace, testConfig } from '../helpers/temp-workspace.js';
import { waitFor } from '../helpers/wait-for.js';

const story = (n: number): FactoryItem => ({ guid: `story-${n}`, title: `Story ${n}`, link: `https://wire.example/${n}`, date: new Date(Date.UTC(2025, 11, 1, n)).toISOString() });

async function entriesIn(file: string): Promise<string[]> {
  try {
    return atomEntries(await readFile(file, 'utf8')).map((entry) => entry.title);
  } catch {
    return [];
  }
}

describe('tributary run', () => {
  let server: FeedServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it('signals ready, polls at start and on schedule, and stops cleanly on SIGTERM with the store intact', async () => {
    server = await FeedServer.start({ '/wire.rss': { body: rssFeed('Wire', [story(1), story(2)]) } });
    const work = await createWorkspace();
    await work.writeConfig(testConfig([{ key: 'wire', url: server.url('/wire.rss'), schedule: '* * * * * *' }], { schedule: { jitterSeconds: 0 } }));
    const daemon = startDaemon(['--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);
    const exited = once(daemon, 'exit');
    try {
      const [message] = (await Promise.race([once(daemon, 'message'), exited.then(() => [`exited early: ${daemon.output()}`])])) as [unknown];
      expect(message).toBe('ready');

      const atom = join(work.outDir, 'all.atom');
      await waitFor('the first poll to publish two items', async () => (await entriesIn(atom)).length === 2);

      server.route('/wire.rss', { body: rssFeed('Wire', [story(3), story(1), story(2)]) });
      await waitFor('the scheduled poll to publish the new item', async () => (await entriesIn(atom)).includes('Story 3'));
    } finally {
      daemon.kill('SIGTERM');
    }
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(daemon.output()).toMatch(/"msg":"stopped"/);

    const after = await runCli(['poll', '--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);
    expect(after.stdout).toMatch(/0 new items, 0 updated/);
    expect(await entriesIn(join(work.outDir, 'all.atom'))).toHaveLength(3);
  });

  it('lets a poll in flight finish before exiting on SIGTERM, and keeps its items', async () => {
    let release: () => void = () => {};
    let started: () => void = () => {};
    const requestArrived = new Promise<void>((resolve) => (started = resolve));
    server = await FeedServer.start({
      '/slow.rss': async (_req, res) => {
        started();
        await new Promise<void>((resolve) => (release = resolve));
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Slow', [story(7)]));
      },
    });
    const work = await createWorkspace();
    await work.writeConfig(testConfig([{ key: 'slow', url: server.url('/slow.rss') }]));
    const daemon = startDaemon(['--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);
    const exited = once(daemon, 'exit');
    await requestArrived;
    daemon.kill('SIGTERM');
    await waitFor('the daemon to log that it is stopping', () => daemon.output().includes('"msg":"stopping"'));
    release();
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(await entriesIn(join(work.outDir, 'all.atom'))).toEqual(['Story 7']);
  });

  it('starts and serves its outputs from the store while every source is unreachable', async () => {
    const work = await createWorkspace();
    await work.writeConfig(testConfig([{ key: 'offline', url: 'http://127.0.0.1:9/feed.rss' }]));
    const daemon = startDaemon(['--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);
    const exited = once(daemon, 'exit');
    await waitFor('the failure to be logged', () => daemon.output().includes('source failing'));
    expect(await readFile(join(work.outDir, 'all.atom'), 'utf8')).toMatch(/<feed/);
    daemon.kill('SIGINT');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  });

  it('closes what it opened and exits 1 at once when it cannot start (its port taken), parse threads and all', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const work = await createWorkspace();
      await work.writeConfig(testConfig([], { server: { host: '127.0.0.1', port }, fetch: { parseThreads: 2 } }));
      const daemon = startDaemon(['--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);
      const [code] = (await once(daemon, 'exit')) as [number | null];
      expect(code, daemon.output()).toBe(1);
      expect(daemon.output()).toMatch(/"msg":"could not start"/);
      // Nothing it opened (store, worker threads, timers) kept it alive past the failed start.
      expect(daemon.output()).not.toMatch(/kept the stopped process alive/);
    } finally {
      taken.close();
    }
  });

  it('exits 2 on a bad config before starting anything', async () => {
    const work = await createWorkspace();
    await work.writeConfig({ output: { title: 'x', id: 'urn:x' }, sources: [{ key: 'A B', name: 'a', url: 'https://a.example/' }] });
    const daemon = startDaemon(['--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);
    const [code] = (await once(daemon, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(daemon.output()).toMatch(/sources\[0\]\.key: must match/);
  });
});
