import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { missingTools, mustFail, NEWSBOAT } from '../helpers/debian-tools.js';
import { publishFixtures, type PublishedFixtures } from './fixture-outputs.js';

const run = promisify(execFile);
const missing = missingTools([NEWSBOAT]);

interface CachedItem {
  guid: string;
  title: string;
  url: string;
}

/**
 * Subscribes a fresh newsboat to `url` and reloads once, unattended (`-x reload print-unread`),
 * with its own home, config, urls file and cache; answers what it printed and what it stored.
 */
async function subscribe(url: string): Promise<{ printed: string; items: CachedItem[] }> {
  const home = await mkdtemp(join(tmpdir(), 'tributary-newsboat-'));
  try {
    await mkdir(join(home, '.newsboat'));
    await writeFile(join(home, 'urls'), `${url}\n`);
    await writeFile(join(home, 'config'), 'download-timeout 10\n');
    const cache = join(home, 'cache.db');
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local/share'), LANG: 'C.UTF-8' };
    const { stdout } = await run('newsboat', ['-u', join(home, 'urls'), '-c', cache, '-C', join(home, 'config'), '-x', 'reload', 'print-unread'], { env, timeout: 60_000 });
    const db = new Database(cache, { readonly: true });
    try {
      const items = db.prepare('SELECT guid, title, url FROM rss_item WHERE feedurl = ? ORDER BY guid').all(url) as CachedItem[];
      return { printed: stdout.trim(), items };
    } finally {
      db.close();
    }
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

describe.skipIf(missing.length > 0 && !mustFail(missing))('newsboat subscribed to a served output', () => {
  let published: PublishedFixtures;
  let server: FeedServer;

  beforeAll(async () => {
    if (mustFail(missing)) return;
    published = await publishFixtures();
    server = await FeedServer.start({
      '/feeds/all.atom': { body: await published.read('all.atom'), headers: { 'content-type': 'application/atom+xml; charset=utf-8' } },
      '/feeds/all.rss': { body: await published.read('all.rss'), headers: { 'content-type': 'application/rss+xml; charset=utf-8' } },
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('lists every item of all.atom, with its id, title and link', async () => {
    if (mustFail(missing)) throw new Error(missing.join('; '));
    const { printed, items } = await subscribe(server.url('/feeds/all.atom'));
    expect(printed).toBe(`${published.expected.length} unread articles`);
    const byGuid = (a: { guid: string }, b: { guid: string }) => (a.guid < b.guid ? -1 : a.guid > b.guid ? 1 : 0);
    expect(items).toEqual(published.expected.map((entry) => ({ guid: entry.atomId, title: entry.title, url: entry.link ?? '' })).sort(byGuid));
  });

  it('lists every item of all.rss, with its guid, title and link', async () => {
    if (mustFail(missing)) throw new Error(missing.join('; '));
    const { printed, items } = await subscribe(server.url('/feeds/all.rss'));
    expect(printed).toBe(`${published.expected.length} unread articles`);
    const byGuid = (a: { guid: string }, b: { guid: string }) => (a.guid < b.guid ? -1 : a.guid > b.guid ? 1 : 0);
    expect(items).toEqual(published.expected.map((entry) => ({ guid: entry.atomId, title: entry.title, url: entry.link ?? '' })).sort(byGuid));
  });
});
