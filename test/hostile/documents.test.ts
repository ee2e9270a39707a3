import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, HostileHarness } from './hostile-harness.js';

const MEMORY_BOUND_MB = 300;
const rss = (items: string, channel = '<title>Feed</title><link>https://feed.example/</link><description>d</description>'): string =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>${channel}${items}</channel></rss>`;

describe('hostile documents', () => {
  let harness: HostileHarness;
  beforeAll(async () => {
    harness = await HostileHarness.start();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('survives 10,000-deep element nesting inside an item', async () => {
    const deep = `${'<x>'.repeat(10_000)}deep${'</x>'.repeat(10_000)}`;
    const run = await harness.run('deep-xml', { body: rss(`<item><guid>deep-1</guid><title>Deep</title><media:group xmlns:media="http://search.yahoo.com/mrss/">${deep}</media:group></item>`) });
    expect(run.outcome).toMatchObject({ status: 'changed', added: 1 });
    expect(run.peakRssGrowthMb).toBeLessThan(MEMORY_BOUND_MB);
  });

  it("survives 10,000-deep HTML nesting in an item's content, and keeps its text", async () => {
    const deep = `${'<div>'.repeat(10_000)}deep text${'</div>'.repeat(10_000)}`;
    const run = await harness.run('deep-html', {
      body: rss(`<item><guid>deep-2</guid><title>Deep HTML</title><description>${deep.replaceAll('<', '&lt;').replaceAll('>', '&gt;')}</description></item>`),
    });
    expect(run.outcome).toMatchObject({ status: 'changed', added: 1 });
    expect(run.items[0]!.description).toBe('deep text');
  });

  it('survives 10,000-deep nesting in a JSON Feed', async () => {
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const body = `{"version":"https://jsonfeed.org/version/1.1","title":"Deep","items":[{"id":"1","content_text":"ok","_x":${deep}}]}`;
    const run = await harness.run('deep-json', { headers: { 'content-type': 'application/feed+json' }, body });
    expect(run.outcome).toMatchObject({ status: 'changed', added: 1 });
  });

  it('reads invalid UTF-8 with replacement characters instead of failing', async () => {
    const body = Buffer.concat([
      Buffer.from(rss('<item><guid>utf-1</guid><title>Bad ').replace('</channel></rss>', '')),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]),
      Buffer.from(' bytes</title></item></channel></rss>'),
    ]);
    const run = await harness.run('bad-utf8', { body });
    expect(run.outcome.status).toBe('changed');
    expect(run.items[0]!.title).toMatch(/^Bad .* bytes$/);
  });

  it('strips NUL and other control characters XML forbids from what it stores', async () => {
    const controls = Array.from({ length: 32 }, (_, code) => String.fromCharCode(code))
      .filter((char) => !'\t\n\r'.includes(char))
      .join('');
    const body = rss(`<item><guid>ctl-1</guid><title>Con${controls}trol\u0000</title><description>NUL\u0000 and \u001b[31mescape\u007f</description></item>`);
    const run = await harness.run('controls', { body });
    expect(run.outcome.status).toBe('changed');
    const stored = JSON.stringify(run.items);
    expect(stored).not.toMatch(/\\u000[0-8bcef]|\\u001[0-9a-f]/);
    expect(run.items[0]!.title).toBe('Control');
  });

  it('stores broken and absurd dates as valid ISO dates, none in the future', async () => {
    const run = await harness.run('dates', { body: await fixture('absurd-dates.xml') });
    expect(run.outcome).toMatchObject({ status: 'changed', added: 11 });
    for (const item of run.items) {
      expect(new Date(item.publishedAt).toISOString()).toBe(item.publishedAt);
      expect(Date.parse(item.publishedAt)).toBeLessThanOrEqual(Date.parse('2026-01-05T12:00:00Z'));
    }
  });

  it('keeps one item per id when a feed repeats an id', async () => {
    const run = await harness.run('duplicates', { body: await fixture('duplicate-ids.xml') });
    expect(run.outcome.status).toBe('changed');
    expect(run.items.map((item) => item.externalId).sort()).toEqual(['https://dup.example/e', 'other', 'same']);
  });

  it('refuses an image where the feed should be: a logged not_a_feed error', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0e6f8a50000000049454e44ae426082', 'hex');
    const run = await harness.run('image', { headers: { 'content-type': 'image/png' }, body: png });
    expect(run.outcome).toMatchObject({ status: 'failed', errorKind: 'not_a_feed' });
    expect(harness.failureLogged('image')).toContain('got image/png, not a feed');
  });

  it('refuses an image served as a feed: a logged parse error', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const run = await harness.run('image-as-rss', { body: png });
    expect(run.outcome).toMatchObject({ status: 'failed', errorKind: 'parse' });
    expect(harness.failureLogged('image-as-rss')).toBeDefined();
  });

  it('refuses an HTML error page served with 200: a logged not_a_feed error', async () => {
    const run = await harness.run('error-page', { headers: { 'content-type': 'text/html' }, body: await fixture('error-page.html') });
    expect(run.outcome).toMatchObject({ status: 'failed', errorKind: 'not_a_feed' });
    expect(harness.failureLogged('error-page')).toContain('got an HTML page, not a feed');
  });

  it('refuses an HTML error page served with 502: a logged http error', async () => {
    const run = await harness.run('bad-gateway', { status: 502, headers: { 'content-type': 'text/html' }, body: await fixture('error-page.html') });
    expect(run.outcome).toMatchObject({ status: 'failed', errorKind: 'http' });
    expect(harness.failureLogged('bad-gateway')).toContain('HTTP 502');
  });

  it('refuses JSON that is no JSON Feed: a logged parse error', async () => {
    const run = await harness.run('json', { headers: { 'content-type': 'application/json' }, body: await fixture('not-a-feed.json') });
    expect(run.outcome).toMatchObject({ status: 'failed', errorKind: 'parse' });
    expect(harness.failureLogged('json')).toBeDefined();
  });

  it('refuses an empty body: a logged parse error', async () => {
    const run = await harness.run('empty', { body: '' });
    expect(run.outcome).toMatchObject({ status: 'failed', errorKind: 'parse' });
  });
});
