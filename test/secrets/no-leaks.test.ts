import type { IncomingMessage, ServerResponse } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssFeed } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { runDaemon } from '../helpers/daemon-process.js';
import { runCli } from '../helpers/run-cli.js';
import { createWorkspace, testConfig, type Workspace } from '../helpers/temp-workspace.js';
import { waitFor } from '../helpers/wait-for.js';

/** The secrets, each distinctive enough that a grep finds any copy of it. */
const ENV = {
  BASIC_PASS: 'basic-pass-7f3a91',
  NEWS_TOKEN: 'bearer-token-c0ffee42',
  API_KEY: 'api-key-d00d5e11',
  QUERY_TOKEN: 'query-token-b16b00b5',
};
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const SECRETS = [...Object.values(ENV), basic('ann', ENV.BASIC_PASS).slice('Basic '.length), encodeURIComponent(ENV.BASIC_PASS)];

const story = (source: string, n: number) => ({ guid: `${source}-${n}`, title: `${source} story ${n}`, link: `https://wire.example/${source}/${n}`, date: `2026-01-0${n}T00:00:00Z` });

/** A route that serves a feed only to a request carrying the expected headers; 401 otherwise. */
function guarded(expected: Record<string, string>, body: string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const ok = Object.entries(expected).every(([name, value]) => req.headers[name] === value);
    if (!ok) res.writeHead(401, { 'www-authenticate': 'Basic realm="feeds"' }).end('unauthorized');
    else res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
  };
}

/**
 * Sources that need credentials (userinfo from the environment, a literal password, headers from the
 * environment, a token in the query, a permanent redirect, a failing one), polled by the real CLI and
 * daemon; then everything either produced is searched for every secret.
 */
describe('secrets in the source config', () => {
  let feeds: FeedServer;
  let work: Workspace;
  const produced = new Map<string, string>();

  beforeAll(async () => {
    const basicAuth = { authorization: basic('ann', ENV.BASIC_PASS) };
    feeds = await FeedServer.start({
      '/basic.rss': guarded(basicAuth, rssFeed('Basic', [story('basic', 1)])),
      '/literal.rss': guarded({ authorization: basic('bob', ENV.BASIC_PASS) }, rssFeed('Literal', [story('literal', 1)])),
      '/bearer.rss': guarded({ authorization: `Bearer ${ENV.NEWS_TOKEN}`, 'x-api-key': ENV.API_KEY }, rssFeed('Bearer', [story('bearer', 1)])),
      '/query.rss': (req, res) => {
        const ok = req.url === `/query.rss?token=${ENV.QUERY_TOKEN}`;
        res.writeHead(ok ? 200 : 403, { 'content-type': 'application/rss+xml' }).end(ok ? rssFeed('Query', [story('query', 1)]) : 'no');
      },
      '/old.rss': guarded(basicAuth, ''),
      '/moved.rss': guarded(basicAuth, rssFeed('Moved', [story('moved', 1)])),
      '/failing.rss': { status: 500, body: 'boom' },
    });
    feeds.route('/old.rss', (req, res) => {
      if (req.headers.authorization !== basicAuth.authorization) res.writeHead(401).end();
      else res.writeHead(301, { location: '/moved.rss' }).end();
    });
    const withUser = (path: string, user: string, password: string) => feeds.url(path).replace('http://', `http://${user}:${password}@`);
    work = await createWorkspace();
    const base = testConfig([]);
    const config = {
      ...base,
      store: { uri: work.storeUri },
      sources: [
        { key: 'basic', name: 'Basic', url: withUser('/basic.rss', 'ann', '${BASIC_PASS}') },
        { key: 'literal', name: 'Literal', url: withUser('/literal.rss', 'bob', ENV.BASIC_PASS) },
        { key: 'bearer', name: 'Bearer', url: feeds.url('/bearer.rss'), headers: { Authorization: 'Bearer ${NEWS_TOKEN}', 'X-Api-Key': '${API_KEY}' } },
        { key: 'query', name: 'Query', url: `${feeds.url('/query.rss')}?token=\${QUERY_TOKEN}` },
        { key: 'moved', name: 'Moved', url: withUser('/old.rss', 'ann', '${BASIC_PASS}') },
        { key: 'failing', name: 'Failing', url: withUser('/failing.rss', 'ann', '${BASIC_PASS}'), headers: { Authorization: 'Bearer ${NEWS_TOKEN}' } },
      ],
    };
    await work.writeConfig(config);
    const env = { ...ENV, LOG_LEVEL: 'debug' };

    const poll = await runCli(['poll', '--config', work.configFile, '--out', work.outDir], { env });
    produced.set('poll stdout', poll.stdout).set('poll stderr', poll.stderr);
    const table = await runCli(['status', '--config', work.configFile], { env });
    produced.set('status table', table.stdout + table.stderr);
    const json = await runCli(['status', '--config', work.configFile, '--format', 'json'], { env });
    produced.set('status json', json.stdout + json.stderr);
    const opml = await runCli(['export-opml', '--config', work.configFile], { env });
    produced.set('opml export', opml.stdout + opml.stderr);
    for (const file of await readdir(work.outDir)) produced.set(`output file ${file}`, await readFile(join(work.outDir, file), 'utf8'));

    // A store of its own, so the daemon meets every source afresh and logs the failure and the move itself.
    const daemon = await runDaemon(['--config', work.configFile, '--store', `sqlite://${join(work.dir, 'daemon.db')}`, '--out', join(work.dir, 'served')], env);
    try {
      await waitFor(
        'the daemon to serve every reachable source',
        async () => (await fetch(`${daemon.url}/feeds/all.atom`)).ok && (await (await fetch(`${daemon.url}/feeds/all.atom`)).text()).includes('moved story 1'),
      );
      for (const path of ['/', '/metrics', '/readyz', '/feeds/all.atom', '/feeds/all.rss', '/feeds/all.json']) {
        produced.set(`daemon ${path}`, await (await fetch(`${daemon.url}${path}`)).text());
      }
    } finally {
      await daemon.stop();
      produced.set('daemon logs', daemon.child.output());
    }
  }, 120_000);

  afterAll(async () => {
    await feeds?.close();
  });

  it('sends the credentials, so every guarded source is polled and only the failing one fails', () => {
    const json = JSON.parse(produced.get('status json')!) as { sources: Array<{ key: string; state: string }> };
    expect(Object.fromEntries(json.sources.map((source) => [source.key, source.state]))).toEqual({
      basic: 'ok',
      literal: 'ok',
      bearer: 'ok',
      query: 'ok',
      moved: 'moved',
      failing: 'backing off',
    });
    expect(feeds.requests.find((request) => request.path === '/moved.rss')?.headers.authorization).toBe(basic('ann', ENV.BASIC_PASS));
  });

  it("keeps every secret out of the poll's logs and summary, at debug level", () => {
    expect(produced.get('poll stderr')).toContain('source failing');
    expect(produced.get('poll stderr')).toContain('source moved to');
    expect(leaks(['poll stdout', 'poll stderr'])).toEqual([]);
  });

  it('keeps every secret out of `tributary status`, as a table and as JSON', () => {
    expect(produced.get('status json')).toContain('http://ann:***@127.0.0.1');
    expect(leaks(['status table', 'status json'])).toEqual([]);
  });

  it('keeps every secret and every userinfo out of the output files', () => {
    const files = [...produced.keys()].filter((name) => name.startsWith('output file'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(leaks(files)).toEqual([]);
    for (const file of files) expect(produced.get(file)).not.toMatch(/\/\/(ann|bob)[:@]/);
  });

  it('keeps every secret and every userinfo out of an OPML export', () => {
    expect(produced.get('opml export')).toContain('xmlUrl="http://127.0.0.1');
    expect(leaks(['opml export'])).toEqual([]);
    expect(produced.get('opml export')).not.toMatch(/\/\/(ann|bob)[:@]/);
  });

  it('keeps every secret out of the status page, the metrics and the served feeds', () => {
    expect(produced.get('daemon /')).toContain('Failing');
    expect(leaks([...produced.keys()].filter((name) => name.startsWith('daemon /')))).toEqual([]);
  });

  it("keeps every secret out of the daemon's logs, at debug level", () => {
    expect(produced.get('daemon logs')).toContain('source failing');
    expect(produced.get('daemon logs')).toContain('source moved to');
    expect(leaks(['daemon logs'])).toEqual([]);
  });

  /** "where: secret" for each secret found in the named texts. */
  function leaks(names: string[]): string[] {
    return names.flatMap((name) => SECRETS.filter((secret) => produced.get(name)?.includes(secret)).map((secret) => `${name}: ${secret}`));
  }
});
