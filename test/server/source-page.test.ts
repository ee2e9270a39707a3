import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { initialFetchState, type FetchState } from '../../src/model/fetch-state.js';
import { recordPoll } from '../../src/model/source-activity.js';
import { describeSourceState } from '../../src/model/source-status.js';
import { redactedEntry, renderSourcePage, type SourcePageData } from '../../src/server/source-page.js';
import { makeItem } from '../helpers/make-item.js';

const NOW = new Date('2026-01-05T12:00:00.000Z');
const config = parseConfig(
  'test',
  JSON.stringify({
    output: { title: 'News', id: 'urn:news' },
    sources: [{ key: 'wire', name: 'Wire <Daily>', url: 'https://reader:s3cret@wire.example/feed?token=abc', category: 'Crypto', headers: { Authorization: 'Bearer live-token' } }],
  }),
);
const source = config.sources[0]!;

let activity = recordPoll(undefined, { outcome: 'changed', status: 200, durationMs: 310, added: 2, updated: 0, addedByCategory: { Crypto: 2 } }, new Date('2026-01-05T09:00:00.000Z'));
activity = recordPoll(activity, { outcome: 'not-modified', status: 304, durationMs: 45, added: 0, updated: 0 }, new Date('2026-01-05T10:00:00.000Z'));
activity = recordPoll(activity, { outcome: 'failed', status: 500, durationMs: 120, added: 0, updated: 0, error: 'HTTP 500 <oops>' }, new Date('2026-01-05T11:00:00.000Z'));
const state: FetchState = {
  ...initialFetchState('wire', source.url),
  lastAttemptAt: '2026-01-05T11:00:00.000Z',
  lastSuccessAt: '2026-01-05T10:00:00.000Z',
  consecutiveErrors: 1,
  nextAttemptAt: '2026-01-05T12:30:00.000Z',
  failingSince: '2026-01-05T11:00:00.000Z',
  lastError: { kind: 'http', message: 'wire: HTTP 500', reason: 'HTTP 500 <oops>', at: '2026-01-05T11:00:00.000Z' },
  itemsSeen: 2,
  activity,
};
const items = [
  makeItem({ externalId: 'b', title: 'Bitcoin rallies', link: 'https://wire.example/b', lang: 'en', topics: ['BTC'], sentiment: { label: 'POSITIVE', score: 0.6, from: 'text' }, category: 'Crypto' }),
  makeItem({ externalId: 'a', title: '<img src=x onerror=alert(1)>', link: 'javascript:alert(1)', lang: 'de', topics: ['BTC', 'ETH'], sentiment: { label: 'NEGATIVE', score: -0.4, from: 'text' } }),
];
const data = (overrides: Partial<SourcePageData> = {}): SourcePageData => ({
  siteTitle: 'News',
  generatedAt: NOW,
  source,
  status: describeSourceState(state, NOW, source),
  state,
  feed: { title: 'The Wire', link: 'https://wire.example/' },
  items,
  ...overrides,
});

describe("a source's page", () => {
  it('says its state, for how long it has failed, and when it will be tried again', () => {
    const html = renderSourcePage(data());
    expect(html).toContain('<title>News: Wire &lt;Daily&gt;</title>');
    expect(html).toContain('<p class="state-backing-off"><span class="state">backing off</span>: <bdi>HTTP 500 &lt;oops&gt;</bdi></p>');
    expect(html).toContain('<tr><th scope="row">Failing for</th><td>1 h, since <time datetime="2026-01-05T11:00:00Z">2026-01-05 11:00Z</time></td></tr>');
    expect(html).toContain('<tr><th scope="row">Next poll not before</th><td><time datetime="2026-01-05T12:30:00Z">');
    expect(html).toContain(`<tr><th scope="row">Feed&#39;s own title</th><td><bdi>The Wire</bdi></td></tr>`);
  });

  it('lists its recent polls newest first with status, time taken, items added and the error', () => {
    const html = renderSourcePage(data());
    const rows = [
      ...html.matchAll(
        /<tr class="outcome-([a-z-]+)"><td>.*?<\/td><td>(.*?)<\/td><td class="number">(.*?)<\/td><td class="number">(.*?)<\/td><td class="number">(\d+)<\/td><td class="number">(\d+)<\/td><td>(.*?)<\/td><\/tr>/g,
      ),
    ].map((m) => m.slice(1));
    expect(rows).toEqual([
      ['failed', 'failed', '500', '120 ms', '0', '0', '<bdi>HTTP 500 &lt;oops&gt;</bdi>'],
      ['not-modified', 'not modified (304)', '304', '45 ms', '0', '0', ''],
      ['changed', 'new or changed', '200', '310 ms', '2', '0', ''],
    ]);
    expect(html).toContain('<desc id="source-polls-desc">3 polls in 48 bars: new or changed 1, nothing new 0, not modified (304) 1, failed 1.');
    expect(html).toContain('<desc id="source-days-desc">2 new items in 14 bars: new items 2.');
  });

  it('shows its newest items, never linking what is not http(s), and what enrichment found in them', () => {
    const html = renderSourcePage(data());
    expect(html).toContain('<a href="https://wire.example/b"><bdi>Bitcoin rallies</bdi></a>');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('<img');
    expect(html).toContain('<tr><th scope="row">Languages</th><td><bdi>de</bdi> 1, <bdi>en</bdi> 1</td></tr>');
    expect(html).toContain('<tr><th scope="row">Topics</th><td><bdi>BTC</bdi> 2, <bdi>ETH</bdi> 1</td></tr>');
    expect(html).toContain('<tr><th scope="row">Sentiment</th><td><bdi>negative</bdi> 1, <bdi>positive</bdi> 1</td></tr>');
    expect(renderSourcePage(data({ items: [], state: undefined, status: { state: 'never polled' } }))).toContain('No poll recorded yet.');
  });

  it('shows its config entry with the credentials in its URL and every header value hidden', () => {
    const html = renderSourcePage(data());
    expect(html).not.toContain('s3cret');
    expect(html).not.toContain('live-token');
    expect(html).not.toContain('token=abc');
    expect(redactedEntry(source)).toMatchObject({ key: 'wire', category: 'Crypto', headers: { Authorization: '***' } });
    expect(html).toContain('&quot;Authorization&quot;: &quot;***&quot;');
  });
});
