import type { IncomingMessage, ServerResponse } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssFeed } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { runDaemon } from '../helpers/daemon-process.js';
import { runCli } from '../helpers/run-cli.js';
import { createWorkspace, testConfig, type Workspace } from '../helpers/temp-workspace.js';
import { waitFor } from '../helpers/wait-for.js';

/** One secret of each kind a source URL or its headers can carry, distinctive enough to grep for. */
const ENV = {
  FEED_PASS: 'userinfo-pass-5e5a3e',
  FEED_USER_TOKEN: 'userinfo-token-0b57ac1e',
  QUERY_KEY: 'query-key-facade77',
  HEADER_KEY: 'header-key-decade99',
};
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const SECRETS = [...Object.values(ENV), basic('ann', ENV.FEED_PASS).slice('Basic '.length), basic(ENV.FEED_USER_TOKEN, '').slice('Basic '.length)];

const story = (source: string) => ({ guid: `${source}-1`, title: `${source} story`, link: `https://wire.example/${source}/1`, date: '2026-01-02T00:00:00Z' });

/** Answers 200 with the feed only to a request that carries every credential; 401 otherwise. */
function guarded(authorization: string, body: string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const ok = req.headers.authorization === authorization && req.headers['x-api-key'] === ENV.HEADER_KEY && req.url?.endsWith(`?api_key=${ENV.QUERY_KEY}`);
    if (!ok) res.writeHead(401).end('unauthorized');
    else res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
  };
}

/** Every file of the SQLite store that exists now (the database, and its -wal and -shm while open), as raw bytes. */
async function storeFiles(storeFile: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of await readdir(dirname(storeFile))) {
    if (join(dirname(storeFile), name).startsWith(storeFile)) files.set(name, await readFile(join(dirname(storeFile), name)));
  }
  return files;
}

/** "file: secret" for each secret found in the raw bytes of the files. */
function leaks(files: Map<string, Buffer>): string[] {
  return [...files].flatMap(([name, bytes]) => SECRETS.filter((secret) => bytes.includes(secret)).map((secret) => `${name}: ${secret}`));
}

/**
 * Sources whose URL holds a password or a token as userinfo and a key in its query, and whose
 * headers hold another key, all from the environment: polled by the real CLI, then polled again by
 * the real daemon on the same store. The fetch state saved for each must identify it without any secret.
 */
describe('secrets and the store file', () => {
  let feeds: FeedServer;
  let work: Workspace;
  let afterPoll: Map<string, Buffer>;
  let whileServing: Map<string, Buffer>;
  let statusJson: string;
  let statusTable: string;
  let statusPage: string;

  beforeAll(async () => {
    feeds = await FeedServer.start({
      '/private.rss': guarded(basic('ann', ENV.FEED_PASS), rssFeed('Private', [story('private')])),
      '/token.rss': guarded(basic(ENV.FEED_USER_TOKEN, ''), rssFeed('Token', [story('token')])),
      '/old.rss': (_req, res) => void res.writeHead(301, { location: `/moved.rss?api_key=${ENV.QUERY_KEY}` }).end(),
      '/moved.rss': guarded(basic('ann', ENV.FEED_PASS), rssFeed('Moved', [story('moved')])),
      '/failing.rss': { status: 500, body: 'boom' },
    });
    const withSecrets = (path: string, userinfo: string) => `${feeds.url(path).replace('http://', `http://${userinfo}@`)}?api_key=\${QUERY_KEY}`;
    const headers = { 'X-Api-Key': '${HEADER_KEY}' };
    work = await createWorkspace();
    await work.writeConfig({
      ...testConfig([]),
      store: { uri: work.storeUri },
      sources: [
        { key: 'private', name: 'Private', url: withSecrets('/private.rss', 'ann:${FEED_PASS}'), headers },
        { key: 'token', name: 'Token', url: withSecrets('/token.rss', '${FEED_USER_TOKEN}'), headers },
        { key: 'moved', name: 'Moved', url: withSecrets('/old.rss', 'ann:${FEED_PASS}'), headers },
        { key: 'failing', name: 'Failing', url: withSecrets('/failing.rss', 'ann:${FEED_PASS}'), headers },
      ],
    });
    const env = { ...ENV, LOG_LEVEL: 'debug' };

    const poll = await runCli(['poll', '--config', work.configFile, '--out', work.outDir], { env });
    expect(poll.stderr).toContain('source failing');
    afterPoll = await storeFiles(work.storeFile);
    statusJson = (await runCli(['status', '--config', work.configFile, '--format', 'json'], { env })).stdout;
    statusTable = (await runCli(['status', '--config', work.configFile], { env })).stdout;

    // The daemon on the same store: it reads the states the poll saved, and writes through its WAL while it runs.
    const daemon = await runDaemon(['--config', work.configFile, '--out', join(work.dir, 'served')], env);
    try {
      const savedAgain = (line: string) => line.includes('"source_key":"private"') && line.includes('"msg":"unchanged"');
      await waitFor('the daemon to poll the private source again and save its state', () => daemon.child.output().split('\n').some(savedAgain));
      whileServing = await storeFiles(work.storeFile);
      statusPage = await (await fetch(`${daemon.url}/`)).text();
    } finally {
      await daemon.stop();
    }
  }, 120_000);

  afterAll(async () => {
    await feeds?.close();
  });

  it('polls every guarded source with its credentials', () => {
    const sources = (JSON.parse(statusJson) as { sources: Array<{ key: string; state: string }> }).sources;
    expect(Object.fromEntries(sources.map((source) => [source.key, source.state]))).toEqual({
      private: 'ok',
      token: 'ok',
      moved: 'moved',
      failing: 'backing off',
    });
  });

  it('leaves no secret in the raw bytes of the store file after a poll, though the fetch states are in it', () => {
    expect([...afterPoll.keys()]).toContain('tributary.db');
    const database = afterPoll.get('tributary.db')!.toString('latin1');
    expect(database).toContain(`"url":"http://ann:***@127.0.0.1:`);
    expect(database).toContain('/private.rss?api_key=***"');
    expect(database).toContain(`"url":"http://***@127.0.0.1:`);
    expect(leaks(afterPoll)).toEqual([]);
  });

  it('leaves no secret in the store file or its write-ahead log while the daemon runs', () => {
    expect([...whileServing.keys()]).toEqual(expect.arrayContaining(['tributary.db', 'tributary.db-wal']));
    expect(whileServing.get('tributary.db-wal')!.toString('latin1')).toContain('api_key=***');
    expect(leaks(whileServing)).toEqual([]);
  });

  it('identifies each source in `tributary status` from its redacted state: items, redacted URL, where it moved', () => {
    const sources = (JSON.parse(statusJson) as { sources: Array<{ key: string; url: string; items: number; lastStatus: number | null; movedTo: string | null }> }).sources;
    const byKey = new Map(sources.map((source) => [source.key, source]));
    expect(byKey.get('private')).toMatchObject({ url: feeds.url('/private.rss?api_key=***').replace('http://', 'http://ann:***@'), items: 1, lastStatus: 200 });
    expect(byKey.get('token')).toMatchObject({ url: feeds.url('/token.rss?api_key=***').replace('http://', 'http://***@'), items: 1 });
    expect(byKey.get('moved')!.movedTo).toBe(feeds.url('/moved.rss?api_key=***'));
    expect(statusTable).toMatch(/private[^\n]*ok/);
    expect(SECRETS.filter((secret) => statusJson.includes(secret) || statusTable.includes(secret))).toEqual([]);
  });

  it('identifies each source on the status page, with its state and its items', () => {
    expect(statusPage).toMatch(
      /<tr class="state-ok"><td><a href="\/sources\/private"><strong>Private<\/strong><\/a> <code>private<\/code><div class="url">http:\/\/ann:\*\*\*@127\.0\.0\.1:\d+\/private\.rss\?api_key=\*\*\*<\/div>/,
    );
    expect(statusPage).toMatch(/<tr class="state-ok"><td><a href="\/sources\/token"><strong>Token<\/strong>/);
    expect(statusPage).not.toContain('<tr class="state-never-polled">');
    expect(statusPage).toContain('<span class="n">0</span> <span class="state">never polled</span>');
    expect(SECRETS.filter((secret) => statusPage.includes(secret))).toEqual([]);
  });
});
