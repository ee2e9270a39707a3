import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectReport } from '../../src/commands/inspect-report.js';
import { FeedServer } from '../helpers/feed-server.js';
import { runCli } from '../helpers/run-cli.js';

const fixture = (name: string) => join('test/fixtures/inspect', name);

async function inspectJson(args: string[]): Promise<InspectReport> {
  const result = await runCli(['inspect', ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as InspectReport;
}

describe('tributary inspect <file>', () => {
  it('prints the feed, its items and what it rejected as JSON when stdout is not a terminal', async () => {
    const report = await inspectJson([fixture('rss2-rejected-and-repeated-items.xml')]);
    expect(report.feed).toEqual({
      title: 'Inspect & Debug',
      link: 'https://inspect.example.com/',
      id: null,
      lang: 'en-gb',
      updatedAt: '2025-12-16T16:00:00.000Z',
      type: 'RSS',
    });
    expect(report.items[0]).toEqual({
      externalId: 'story-1',
      guid: 'story-1',
      title: 'First story',
      link: 'https://inspect.example.com/1',
      description: 'First summary.',
      content: '<p>First <b>summary</b>.</p>',
      author: 'Ada Lovelace',
      publishedAt: '2025-12-16T15:00:00.000Z',
      updatedAt: '2025-12-16T15:00:00.000Z',
      lang: 'en-gb',
      sentiment: { label: 'NEUTRAL', score: expect.any(Number) as unknown as number, from: 'text' },
      topics: [],
      category: 'Markets',
      categories: ['Markets', 'Bitcoin'],
      tags: ['Markets', 'Bitcoin'],
      enclosures: [{ url: 'https://inspect.example.com/1.mp3', type: 'audio/mpeg', length: 1234 }],
      coverImage: null,
      source: { key: 'inspect', name: 'Inspect & Debug', type: 'RSS' },
    });
  });

  it("shows each item's language, sentiment and topics, the first topic as its category, a source's own rating winning", async () => {
    const report = await inspectJson([fixture('crypto-enrichment.xml')]);
    expect(report.items.map((item) => ({ lang: item.lang, sentiment: item.sentiment?.label, from: item.sentiment?.from, topics: item.topics, category: item.category }))).toEqual([
      { lang: 'en', sentiment: 'NEGATIVE', from: 'text', topics: ['SOL', 'DEFI', 'HACK'], category: 'SOL' },
      { lang: 'en', sentiment: 'POSITIVE', from: 'source', topics: ['BTC', 'ETF', 'REGULATION'], category: 'BTC' },
    ]);
    const text = await runCli(['inspect', '--format', 'text', fixture('crypto-enrichment.xml')]);
    expect(text.stdout).toMatch(/sentiment +NEGATIVE \(-0\.\d\d\)/);
    expect(text.stdout).toMatch(/sentiment +POSITIVE \(1\.00, from the source\)/);
    expect(text.stdout).toMatch(/topics +SOL, DEFI, HACK/);
  });

  it('overrules a channel language the text contradicts (en-us over Japanese) and keeps it where the text agrees', async () => {
    const report = await inspectJson([fixture('wrong-channel-language.xml')]);
    expect(report.feed.lang).toBe('en-us');
    expect(report.items.map((item) => [item.guid, item.lang])).toEqual([
      ['jp-1', 'ja'],
      ['en-1', 'en-us'],
    ]);
  });

  it('gives each item the guid and categories of its own source item, past rejected and repeated ones', async () => {
    const report = await inspectJson([fixture('rss2-rejected-and-repeated-items.xml')]);
    expect(report.items.map((item) => [item.guid, item.categories])).toEqual([
      ['story-1', ['Markets', 'Bitcoin']],
      ['story-2', ['Policy']],
    ]);
    expect(report.rejected).toEqual([
      { index: 1, guid: null, title: null, reason: expect.stringMatching(/^nothing to identify or show/) as unknown as string, parsed: { categories: ['Only a category'] } },
      { index: 2, guid: 'story-1', title: 'First story, again', reason: 'same externalId as item 0', parsed: { guid: 'story-1', title: 'First story, again', categories: ['Repeated'] } },
    ]);
  });

  it('names the document and the encoding its bytes were read with (ISO-8859-1 read as windows-1252)', async () => {
    const report = await inspectJson([fixture('atom10-latin1-relative-links.xml')]);
    expect(report.document).toEqual({
      url: expect.stringMatching(/^file:\/\/.*atom10-latin1-relative-links\.xml$/) as unknown as string,
      contentType: null,
      contentLanguage: null,
      encoding: 'windows-1252',
    });
    expect(report.items[0]?.title).toBe('Crème brûlée');
  });

  it('gives the items the source key and name it is told', async () => {
    const report = await inspectJson([fixture('rss2-rejected-and-repeated-items.xml'), '--source-key', 'desk', '--source-name', 'The Desk']);
    expect(report.items.map((item) => item.source)).toEqual([
      { key: 'desk', name: 'The Desk', type: 'RSS' },
      { key: 'desk', name: 'The Desk', type: 'RSS' },
    ]);
  });

  it('prints a readable summary with --format text', async () => {
    const result = await runCli(['inspect', fixture('rss2-rejected-and-repeated-items.xml'), '--format', 'text']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('RSS feed: Inspect & Debug');
    expect(result.stdout).toContain('2 items, 2 rejected');
    expect(result.stdout).toContain('[1] First story');
    expect(result.stdout).toContain('    link      https://inspect.example.com/1');
    expect(result.stdout).toContain('    enclosure https://inspect.example.com/1.mp3 (audio/mpeg, 1234 bytes)');
    expect(result.stdout).toContain('  item 2 (story-1): same externalId as item 0');
  });

  it('shows what the document gave for each rejected item, as JSON and as text, a long summary cut', async () => {
    const report = await inspectJson([fixture('rss2-rejected-items-parsed-fields.xml')]);
    expect(report.items.map((item) => item.externalId)).toEqual(['kept-1']);
    expect(report.rejected.map(({ index, reason, parsed }) => ({ index, reason, parsed }))).toEqual([
      { index: 1, reason: expect.stringMatching(/^nothing to identify or show/) as unknown as string, parsed: { link: 'javascript:void(0)', author: 'Someone', categories: ['Scripts'] } },
      {
        index: 2,
        reason: 'same externalId as item 0',
        parsed: {
          guid: 'kept-1',
          title: 'Kept, again',
          link: '/kept-again',
          published: 'Tue, 16 Dec 2025 16:00:00 GMT',
          summary: '<p>A summary long enough to be cut: it goes on and on about the story that was already told once, with more words than a…',
          enclosures: ['https://rejections.example.com/kept.mp3'],
        },
      },
      { index: 3, reason: expect.stringMatching(/^nothing to identify or show/) as unknown as string, parsed: {} },
    ]);
    const text = await runCli(['inspect', '--format', 'text', fixture('rss2-rejected-items-parsed-fields.xml')]);
    expect(text.stdout).toContain(
      [
        'rejected:',
        `  item 1: ${report.rejected[0]?.reason}`,
        '    link        javascript:void(0)',
        '    author      Someone',
        '    categories  Scripts',
        '  item 2 (kept-1): same externalId as item 0',
        '    guid        kept-1',
        '    title       Kept, again',
        '    link        /kept-again',
        '    published   Tue, 16 Dec 2025 16:00:00 GMT',
        `    summary     ${report.rejected[1]?.parsed.summary}`,
        '    enclosures  https://rejections.example.com/kept.mp3',
        `  item 3: ${report.rejected[2]?.reason}`,
        '    (the document gave nothing for it)',
      ].join('\n'),
    );
  });

  it('says why a feed read with no items may hold some all the same (items wrapped in another element)', async () => {
    const problem = '2 <item> elements found, but none inside <channel>, where RSS reads items';
    const result = await runCli(['inspect', fixture('rss2-items-wrapped.xml'), '--format', 'text']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`0 items, 0 rejected\n  no items read: ${problem}\n`);
    const report = await inspectJson([fixture('rss2-items-wrapped.xml')]);
    expect(report.items).toEqual([]);
    expect(report.unreadItems).toBe(problem);
  });

  it('says that a truncated document was recovered from ill-formed XML, and shows its whole items', async () => {
    const result = await runCli(['inspect', fixture('rss2-truncated.xml'), '--format', 'text']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2 items, 0 rejected\n {2}recovered from ill-formed XML: Unclosed root tag at line 18, column \d+\n/);
    const report = await inspectJson([fixture('rss2-truncated.xml')]);
    expect(report.recoveredFrom).toMatch(/^ill-formed XML: Unclosed root tag at line 18, column \d+$/);
    expect(report.items.map(({ guid, description }) => ({ guid, description }))).toEqual([
      { guid: 'cut-1', description: 'Inflows returned after a week of redemptions.' },
      { guid: 'cut-2', description: expect.not.stringContaining('full') },
    ]);
    expect((await inspectJson([fixture('rss2-items-wrapped.xml')])).recoveredFrom).toBeNull();
  });

  it('prints the reason on stderr and exits 1 for a document that is no feed', async () => {
    const result = await runCli(['inspect', fixture('not-a-feed.html')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^inspect: XML root <html> is not a feed \(file:\/\/.*not-a-feed\.html\)\n$/);
  });

  it('exits 1 with the reason for a file that does not exist', async () => {
    const result = await runCli(['inspect', fixture('missing.xml')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no such file or directory');
  });

  it('refuses a format it does not know', async () => {
    const result = await runCli(['inspect', fixture('rss2-rejected-and-repeated-items.xml'), '--format', 'yaml']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("argument 'yaml' is invalid");
  });
});

describe('tributary inspect <url>', () => {
  let server: FeedServer;

  beforeAll(async () => {
    const latin1 = await readFile(fixture('atom10-latin1-relative-links.xml'));
    server = await FeedServer.start({
      '/feeds/cafe.atom': {
        body: latin1,
        headers: { 'content-type': 'application/atom+xml; charset=iso-8859-1', 'content-language': 'fr-FR' },
      },
      '/old.atom': (_req, res) => {
        res.writeHead(301, { location: '/feeds/cafe.atom' }).end();
      },
      '/gone.atom': { status: 404, body: 'not here', headers: { 'content-type': 'text/plain' } },
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it('fetches the feed, decodes it by its charset and takes its language from Content-Language', async () => {
    const report = await inspectJson([server.url('/feeds/cafe.atom')]);
    expect(report.feed).toMatchObject({ title: 'Café news', lang: 'fr-fr', link: server.url('/cafe/') });
    expect(report.items[0]).toMatchObject({ title: 'Crème brûlée', lang: 'fr-fr' });
    expect(report.document).toEqual({
      url: server.url('/feeds/cafe.atom'),
      contentType: 'application/atom+xml; charset=iso-8859-1',
      contentLanguage: 'fr-FR',
      encoding: null,
    });
  });

  it('resolves relative links against the URL that answered, after redirects', async () => {
    const report = await inspectJson([server.url('/old.atom')]);
    expect(report.document.url).toBe(server.url('/feeds/cafe.atom'));
    expect(report.items[0]).toMatchObject({
      link: server.url('/feeds/recipes/1'),
      content: `<p>See <a href="${server.url('/more')}" rel="noopener noreferrer">more</a></p>`,
    });
  });

  it('prints the fetch error on stderr and exits 1', async () => {
    const result = await runCli(['inspect', server.url('/gone.atom')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('404');
    expect(result.stderr).toContain(server.url('/gone.atom'));
  });
});
