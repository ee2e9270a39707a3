import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rssFeed } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { runCli } from '../helpers/run-cli.js';
import { createWorkspace, type Workspace } from '../helpers/temp-workspace.js';

const HTML = { 'content-type': 'text/html; charset=utf-8' };
const feed = (title: string) =>
  rssFeed(title, [
    { title: 'One', guid: '1', date: '2025-12-01T10:00:00Z' },
    { title: 'Two', guid: '2', date: '2025-12-02T10:00:00Z' },
  ]);
const homePage = `<!doctype html><html><head>
<link rel="alternate" type="application/rss+xml" title="Feed" href="/feed/">
<link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed/">
</head><body></body></html>`;

describe('tributary add', () => {
  let server: FeedServer;
  let work: Workspace;
  let original: string;

  beforeEach(async () => {
    server = await FeedServer.start({
      '/': { body: homePage, headers: HTML },
      '/feed/': { body: feed('Chain Daily') },
      '/comments/feed/': { body: feed('Comments on Chain Daily') },
      '/atom': { body: feed('Model Notes') },
    });
    work = await createWorkspace();
    // The shipped layout: one source per line.
    original = `{
  "output": { "title": "Test", "id": "urn:tributary:test" },
  "sources": [
    { "key": "existing", "name": "Existing", "url": "${server.url('/atom')}", "category": "ai" }
  ],
  "fetch": { "timeoutMs": 5000, "connectTimeoutMs": 2000 }
}
`;
    await writeFile(work.configFile, original);
  });

  afterEach(async () => {
    await server.close();
  });

  const add = (...args: string[]) => runCli(['add', ...args, '--config', work.configFile]);
  const config = () => readFile(work.configFile, 'utf8');

  it('adds the feed a web page announces as one new line, leaving the rest of the file as it was', async () => {
    const result = await add(server.url('/'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await config()).toBe(original.replace('"category": "ai" }\n', `"category": "ai" },\n    { "key": "chain-daily", "name": "Chain Daily", "url": "${server.url('/feed/')}" }\n`));
    expect((await runCli(['check-config', '--config', work.configFile])).code).toBe(0);
  });

  it("shows the feed's type, title and item count, how it was found, and the other feeds the page announces", async () => {
    const { stdout } = await add(server.url('/'));
    expect(stdout).toContain('found RSS feed "Chain Daily" with 2 items');
    expect(stdout).toContain(server.url('/feed/'));
    expect(stdout).toContain('announced by the page (<link rel="alternate">)');
    expect(stdout).toContain(`the page also announces: ${server.url('/comments/feed/')}`);
    expect(stdout).toContain(`added to ${work.configFile}`);
  });

  it('takes the key, name and category given', async () => {
    const result = await add(server.url('/comments/feed/'), '--key', 'comments', '--name', 'Reader comments', '--category', 'crypto');
    expect(result.code).toBe(0);
    expect(await config()).toContain(`{ "key": "comments", "name": "Reader comments", "url": "${server.url('/comments/feed/')}", "category": "crypto" }`);
  });

  it('proposes a key not yet taken', async () => {
    await add(server.url('/'));
    server.route('/other.xml', { body: feed('Chain Daily') });
    await add(server.url('/other.xml'));
    expect(await config()).toContain(`{ "key": "chain-daily-2", "name": "Chain Daily", "url": "${server.url('/other.xml')}" }`);
  });

  it('writes nothing with --dry-run, and says what it would add', async () => {
    const result = await add(server.url('/'), '--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`would add to ${work.configFile} (dry run, nothing written)`);
    expect(result.stdout).toContain('"key":"chain-daily"');
    expect(await config()).toBe(original);
  });

  it('refuses a URL already in the config, before fetching anything', async () => {
    const result = await add(server.url('/atom'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`already in the config: source "existing" (${server.url('/atom')}); nothing added`);
    expect(server.requests).toHaveLength(0);
    expect(await config()).toBe(original);
  });

  it('refuses a URL that redirects to a feed already in the config', async () => {
    server.route('/old-atom', (_req, res) => void res.writeHead(301, { location: '/atom' }).end());
    const result = await add(server.url('/old-atom'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('already in the config: source "existing"');
    expect(await config()).toBe(original);
  });

  it('fails with what it tried when there is no feed to find', async () => {
    server.route('/', { body: '<html><head><title>Nothing</title></head></html>', headers: HTML });
    const result = await add(server.url('/'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no feed found at ${server.url('/')}; tried:`);
    expect(result.stderr).toContain(`  ${server.url('/feeds/posts/default')}: HTTP 404 Not Found`);
    expect(await config()).toBe(original);
  });

  it('fails on a URL that cannot be fetched, naming why', async () => {
    const result = await add(server.url('/missing'));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`could not read ${server.url('/missing')}: HTTP 404 Not Found`);
  });

  it('refuses a key that is not a valid key with exit code 2, before fetching anything', async () => {
    const result = await add(server.url('/'), '--key', 'Chain Daily');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--key "Chain Daily": must match [a-z0-9-]+');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a key already used, with exit code 2', async () => {
    const result = await add(server.url('/'), '--key', 'existing');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--key "existing": already used by sources[0]');
  });

  it('exits 2 on an invalid config, and writes nothing', async () => {
    const broken = original.replace('"urn:tributary:test"', '""');
    await writeFile(work.configFile, broken);
    const result = await add(server.url('/'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('output.id: must not be empty');
    expect(await config()).toBe(broken);
  });

  it('reads a URL without a scheme as https', async () => {
    await writeFile(work.configFile, original.replace(server.url('/atom'), 'https://news.example/feed'));
    const result = await add('news.example/feed');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('already in the config: source "existing" (https://news.example/feed)');
  });

  it('refuses what is not an http(s) URL', async () => {
    const result = await add('ftp://files.example/feed');
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('not an http(s) URL: ftp://files.example/feed');
  });

  it("keeps the config file's permissions", async () => {
    await chmod(work.configFile, 0o600);
    await add(server.url('/'));
    expect((await stat(work.configFile)).mode & 0o777).toBe(0o600);
  });
});
