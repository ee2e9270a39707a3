import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rssFeed, type FactoryItem } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { assertWellFormed, atomEntries } from '../helpers/feed-xml.js';
import { runCli } from '../helpers/run-cli.js';
import { createWorkspace, testConfig, type Workspace } from '../helpers/temp-workspace.js';
import { crowdedRss, spinningRss } from '../helpers/slow-document.js';

const fixture = (name: string) => readFile(join('test/fixtures/pipeline', name), 'utf8');

describe('tributary poll', () => {
  let server: FeedServer;
  let work: Workspace;

  beforeEach(async () => {
    server = await FeedServer.start({
      '/crypto.rss': { body: await fixture('crypto-rss2-media.xml') },
      '/ai.atom': { body: await fixture('ai-atom.xml'), headers: { 'content-type': 'application/atom+xml' } },
      '/papers.rdf': { body: await fixture('research-rdf.xml'), headers: { 'content-type': 'application/rdf+xml' } },
      '/wire.rss': { body: await fixture('no-guids-with-repeat.xml') },
    });
    work = await createWorkspace();
    await work.writeConfig(
      testConfig([
        { key: 'chain-daily', url: server.url('/crypto.rss') },
        { key: 'model-notes', url: server.url('/ai.atom') },
        { key: 'papers', url: server.url('/papers.rdf') },
        { key: 'token-wire', url: server.url('/wire.rss') },
      ]),
    );
  });

  afterEach(async () => {
    await server.close();
  });

  const poll = () => runCli(['poll', '--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);

  it('publishes every item of RSS 2.0, Atom and RDF sources once, as well-formed Atom, RSS and JSON Feed', async () => {
    const result = await poll();
    expect(result.stderr).not.toMatch(/"level":(50|60)/);
    expect(result.code).toBe(0);

    const entries = atomEntries(await work.read('all.atom'));
    expect(entries.map((entry) => entry.title).sort()).toEqual([
      'Bitcoin miners pivot to AI & high-performance computing',
      'Ether ETF flows turn positive',
      'Exchange outage post-mortem',
      'Open weights, open questions',
      'Scaling laws, revisited again',
      'Sparse attention for long contexts',
      'Stablecoin bill advances',
    ]);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);
    expect(entries.every((entry) => entry.id.startsWith('urn:uuid:'))).toBe(true);
    // Newest first across sources.
    expect(entries[0]!.title).toBe('Bitcoin miners pivot to AI & high-performance computing');
    // Each entry names the feed it came from, with that feed's own title and home page (atom:source).
    const atom = await work.read('all.atom');
    expect(atom).toMatch(/<source>[\s\S]*?<title type="text">Chain Daily<\/title>[\s\S]*?<link rel="alternate" type="text\/html" href="https:\/\/chain-daily\.example\/"\/>/);
    expect(atom).toMatch(/<source>[\s\S]*?<id>tag:model-notes\.example,2025:feed<\/id>[\s\S]*?<title type="text">Model Notes<\/title>/);

    assertWellFormed(await work.read('all.rss'));
    const json = JSON.parse(await work.read('all.json')) as { version: string; items: Array<{ id: string }> };
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.items.map((item) => item.id).sort()).toEqual(entries.map((entry) => entry.id).sort());
  });

  it('adds nothing on a second poll of unchanged feeds, and leaves the outputs byte-identical', async () => {
    await poll();
    const first = await work.read('all.atom');
    const second = await poll();
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/0 new items, 0 updated/);
    expect(await work.read('all.atom')).toBe(first);
  });

  it('updates a changed item in place: same id, new title, later updated date', async () => {
    await poll();
    const before = atomEntries(await work.read('all.atom')).find((entry) => entry.title === 'Ether ETF flows turn positive')!;
    const changed = (await fixture('crypto-rss2-media.xml')).replace('Ether ETF flows turn positive', 'Ether ETF flows turn positive for a second week');
    server.route('/crypto.rss', { body: changed });

    const result = await poll();
    expect(result.stdout).toMatch(/0 new items, 1 updated/);
    const entries = atomEntries(await work.read('all.atom'));
    expect(entries).toHaveLength(7);
    const after = entries.find((entry) => entry.id === before.id)!;
    expect(after.title).toBe('Ether ETF flows turn positive for a second week');
    expect(Date.parse(after.updated)).toBeGreaterThan(Date.parse(before.updated));
    expect(after.published).toBe(before.published);
  });

  it('remembers across processes: with the outputs deleted, a new poll re-publishes the same ids and adds nothing', async () => {
    await poll();
    const ids = atomEntries(await work.read('all.atom')).map((entry) => entry.id);
    const { rm } = await import('node:fs/promises');
    await rm(work.outDir, { recursive: true });

    const again = await poll();
    expect(again.stdout).toMatch(/0 new items/);
    expect(atomEntries(await work.read('all.atom')).map((entry) => entry.id)).toEqual(ids);
  });

  it('keeps polling the other sources when one fails, and names the failing one', async () => {
    server.route('/ai.atom', { status: 500, body: 'boom' });
    const result = await poll();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/1 failed/);
    expect(result.stdout).toMatch(/model-notes: failed: .*HTTP 500/);
    expect(atomEntries(await work.read('all.atom'))).toHaveLength(5);
  });

  it('abandons a document that spins its parser at the deadline, fails that source with PARSE_TIMEOUT, and publishes the others', async () => {
    const spin = spinningRss('https://spin.example');
    server.route('/ai.atom', { body: spin, headers: { 'content-type': 'application/rss+xml' } });
    const config = JSON.parse(await readFile(work.configFile, 'utf8')) as { fetch?: Record<string, unknown> };
    await work.writeConfig({ ...config, fetch: { ...config.fetch, parseThreads: 1, parseTimeoutMs: 2_000 } });
    const result = await poll();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/1 failed/);
    expect(result.stdout).toMatch(/model-notes: failed: parsing took longer than 2000 ms \(fetch\.parseTimeoutMs\): abandoned, and its parse thread replaced/);
    expect(atomEntries(await work.read('all.atom'))).toHaveLength(5);
    const status = await runCli(['status', '--config', work.configFile, '--store', work.storeUri, '--format', 'json']);
    const { sources } = JSON.parse(status.stdout) as { sources: Array<{ key: string; state: string; lastError?: { kind: string; code?: string } }> };
    expect(sources.find((row) => row.key === 'model-notes')).toMatchObject({ state: 'backing off', lastError: { kind: 'parse', code: 'PARSE_TIMEOUT' } });
  });

  it('abandons a document that needs more than a parse thread may hold, fails that source with PARSE_MEMORY, and publishes the others', async () => {
    server.route('/ai.atom', { body: crowdedRss(8 * 1024 * 1024), headers: { 'content-type': 'application/rss+xml' } });
    const config = JSON.parse(await readFile(work.configFile, 'utf8')) as { fetch?: Record<string, unknown> };
    await work.writeConfig({ ...config, fetch: { ...config.fetch, parseThreads: 1, parseThreadMemoryMb: 48 } });
    const result = await poll();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/1 failed/);
    expect(result.stdout).toMatch(/model-notes: failed: parsing needed more than the parse thread's 48 MB of heap \(fetch\.parseThreadMemoryMb\): abandoned, and its parse thread replaced/);
    expect(atomEntries(await work.read('all.atom'))).toHaveLength(5);
    const status = await runCli(['status', '--config', work.configFile, '--store', work.storeUri, '--format', 'json']);
    const { sources } = JSON.parse(status.stdout) as { sources: Array<{ key: string; state: string; lastError?: { kind: string; code?: string } }> };
    expect(sources.find((row) => row.key === 'model-notes')).toMatchObject({ state: 'backing off', lastError: { kind: 'parse', code: 'PARSE_MEMORY' } });
  });
});

describe('tributary poll on a bad config', () => {
  it('exits 2 with the file, the JSON path and the problem, and writes nothing', async () => {
    const work = await createWorkspace();
    await work.writeConfig(
      testConfig([
        { key: 'a', url: 'http://127.0.0.1:1/a' },
        { key: 'b', url: 'not a url' },
      ]),
    );
    const result = await runCli(['poll', '--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`${work.configFile}: sources[1].url: not an http(s) URL`);
    expect(existsSync(work.outDir)).toBe(false);
    expect(existsSync(work.storeFile)).toBe(false);
  });
});

describe('tributary poll over 50 feeds', () => {
  it('publishes one valid merged feed, and neither a second poll nor a restart adds a duplicate', async () => {
    const feeds: Record<string, { body: string }> = {};
    const base = Date.parse('2025-12-01T00:00:00Z');
    for (let f = 0; f < 50; f++) {
      const items: FactoryItem[] = [];
      for (let i = 0; i < 8; i++) {
        // Every third feed has no guids: ids come from links.
        const link = `https://news-${f}.example/story/${i}`;
        items.push({ title: `Feed ${f} story ${i}`, link, guid: f % 3 === 0 ? undefined : `feed-${f}-item-${i}`, date: new Date(base + (f * 8 + i) * 60_000).toISOString() });
      }
      feeds[`/feed-${f}.rss`] = { body: rssFeed(`Feed ${f}`, items) };
    }
    const server = await FeedServer.start(feeds);
    try {
      const work = await createWorkspace();
      await work.writeConfig(testConfig(Object.keys(feeds).map((path, f) => ({ key: `feed-${f}`, url: server.url(path) }))));
      const args = ['poll', '--config', work.configFile, '--store', work.storeUri, '--out', work.outDir];

      const first = await runCli(args);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/polled 50 sources: 50 changed, 0 unchanged, 0 failed/);
      expect(first.stdout).toMatch(/400 new items/);
      const entries = atomEntries(await work.read('all.atom'));
      expect(entries).toHaveLength(400);
      expect(new Set(entries.map((entry) => entry.id)).size).toBe(400);

      const second = await runCli(args);
      expect(second.stdout).toMatch(/0 new items, 0 updated/);
      expect(atomEntries(await work.read('all.atom')).map((entry) => entry.id)).toEqual(entries.map((entry) => entry.id));
    } finally {
      await server.close();
    }
  });
});
