import { describe, expect, it } from 'vitest';
import { hourlyTotals, recordPoll } from '../../src/model/source-activity.js';
import { renderStatusPage, type SourceRow, type StatusSnapshot } from '../../src/server/status-page.js';
import { parseStatusQuery } from '../../src/server/status-query.js';

const NOW = new Date('2026-01-05T12:00:00.000Z');
const row = (overrides: Partial<SourceRow> & Pick<SourceRow, 'key' | 'name' | 'state'>): SourceRow => ({
  url: `https://${overrides.key}.example/feed`,
  items: 0,
  addedPerDay: Array(14).fill(0),
  ...overrides,
});

const activity = recordPoll(
  recordPoll(undefined, { outcome: 'changed', status: 200, added: 3, updated: 0, addedByCategory: { BTC: 2, AI: 1 } }, new Date('2026-01-05T10:15:00.000Z')),
  { outcome: 'failed', error: 'HTTP 500', added: 0, updated: 0 },
  new Date('2026-01-05T11:20:00.000Z'),
);

const snapshot = (overrides: Partial<StatusSnapshot> = {}): StatusSnapshot => ({
  title: 'News',
  version: '1.0.0',
  generatedAt: NOW,
  hourly: hourlyTotals([activity], NOW),
  outputs: [
    {
      name: 'all',
      title: 'All news',
      links: [
        { href: '/feeds/all.atom', type: 'application/atom+xml', format: 'Atom' },
        { href: '/feeds/all.json', type: 'application/feed+json', format: 'JSON Feed' },
      ],
      news: [
        {
          title: 'SEC clears DTCC pilot',
          url: 'https://coindesk.example/dtcc',
          source: 'CoinDesk',
          publishedAt: '2026-01-05T11:00:00Z',
          lang: 'en',
          sentiment: 'POSITIVE',
          topics: ['REG'],
          summary: 'The pilot goes ahead.',
          storySources: 3,
          storyItems: 4,
        },
        { title: '<img src=x onerror=alert(1)>Hostile', url: 'javascript:alert(1)', source: '<b>Evil</b>', summary: '<script>alert(2)</script>' },
      ],
    },
  ],
  sources: [
    row({ key: 'coindesk', name: 'CoinDesk', state: 'ok', lastSuccessAt: '2026-01-05T11:55:00.000Z', items: 25, addedPerDay: [...Array(13).fill(0), 3] }),
    row({
      key: 'evil',
      name: '<script>alert(1)</script>',
      url: 'https://evil.example/"><img src=x onerror=alert(1)>',
      state: 'failing',
      lastError: '<b>boom</b> & "quotes"',
      failingSince: '2026-01-05T08:30:00.000Z',
    }),
    row({ key: 'rtl', name: '\u202Eevil\u202C RTL', state: 'backing off', lastError: 'HTTP 503', failingSince: '2026-01-03T11:00:00.000Z', nextAttemptAt: '2026-01-05T12:30:00.000Z' }),
    row({ key: 'zeta', name: 'Zeta', state: 'ok', items: 90 }),
  ],
  ...overrides,
});

/** The source keys of the table's rows, in order. */
const tableKeys = (html: string) => [...html.matchAll(/<td><a href="\/sources\/([a-z0-9-]+)">/g)].map((m) => m[1]);

describe('the status page', () => {
  it('escapes every value that comes from a source, and isolates its text direction', () => {
    const html = renderStatusPage(snapshot());
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>');
    expect(html).toContain('<td>&lt;b&gt;boom&lt;/b&gt; &amp; &quot;quotes&quot;</td>');
    // A name is isolated by the stylesheet (strong), so an override in it reorders nothing after it.
    expect(html).toContain('<strong>\u202Eevil\u202C RTL</strong>');
    expect(html).toContain('strong, code, .url { unicode-bidi: isolate; }');
  });

  it('advertises every output format with rel="alternate" for autodiscovery', () => {
    const html = renderStatusPage(snapshot());
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="All news (Atom)" href="/feeds/all.atom">');
    expect(html).toContain('<link rel="alternate" type="application/feed+json" title="All news (JSON Feed)" href="/feeds/all.json">');
  });

  it('opens with the count of sources in each state, each a link that filters the table', () => {
    const html = renderStatusPage(snapshot());
    const summary = html.match(/<nav class="summary"[\s\S]*?<\/nav>/)![0];
    const links = [...summary.matchAll(/<a[^>]* href="([^"]+)"[^>]*><span class="n">(\d+)<\/span> (?:<span class="state">)?([a-z ]+)/g)].map((m) => [m[1], m[2], m[3]]);
    expect(links).toEqual([
      ['/', '4', 'all'],
      ['/?state=failing', '1', 'failing'],
      ['/?state=backing-off', '1', 'backing off'],
      ['/?state=disabled', '0', 'disabled'],
      ['/?state=moved', '0', 'moved'],
      ['/?state=recovered', '0', 'recovered'],
      ['/?state=never-polled', '0', 'never polled'],
      ['/?state=ok', '2', 'ok'],
    ]);
    expect(summary).toContain('href="/" aria-current="page"');
    expect(summary.indexOf('<nav')).toBeLessThan(html.indexOf('<table') - summary.length + 1);
  });

  it('lists failing and backing-off sources above the healthy ones, with how long they have been failing', () => {
    const html = renderStatusPage(snapshot());
    expect(tableKeys(html)).toEqual(['evil', 'rtl', 'coindesk', 'zeta']);
    expect(html).toMatch(/<tr class="state-failing">[^\n]*?<td>failing<div class="note">for 3 h 30 min<\/div><\/td>/);
    expect(html).toMatch(/<tr class="state-backing-off">[^\n]*?for 2 d 1 h[^\n]*?<td>2026-01-05 12:30Z<\/td>/);
  });

  it('shows only the state a filter link asks for, says so, and links back to all', () => {
    const html = renderStatusPage(snapshot(), parseStatusQuery('state=ok'));
    expect(tableKeys(html)).toEqual(['coindesk', 'zeta']);
    expect(html).toContain('<h2>Sources: ok <a class="note" href="/">show all</a></h2>');
    expect(html).toContain('href="/?state=ok" aria-current="page"');
    expect(renderStatusPage(snapshot(), parseStatusQuery('state=moved'))).toContain('No source is in this state.');
  });

  it('sorts through its column headers, keeping the filter, and marks the column sorted by', () => {
    const byItems = renderStatusPage(snapshot(), parseStatusQuery('sort=items'));
    expect(tableKeys(byItems)).toEqual(['zeta', 'coindesk', 'evil', 'rtl']);
    expect(byItems).toContain('<th class="number" aria-sort="descending"><a href="/?sort=items&amp;order=asc">Items ↓</a></th>');
    const filtered = renderStatusPage(snapshot(), parseStatusQuery('state=ok'));
    expect(filtered).toContain('<a href="/?state=ok&amp;sort=name">Source</a>');
  });

  it('draws new items per hour by category and polls by outcome, with text alternatives', () => {
    const html = renderStatusPage(snapshot());
    expect(html).toContain('<figcaption id="added-title">New items per hour, by category (UTC)</figcaption>');
    expect(html).toContain('<desc id="added-desc">3 new items in 48 bars: BTC 2, AI 1. Most in 01-05 10:00–11:00 UTC: 3.</desc>');
    expect(html).toContain('<desc id="polls-desc">2 polls in 48 bars: new or changed 1, nothing new 0, not modified (304) 0, failed 1.');
    expect(html).toContain('<title>01-05 11:00–12:00 UTC: 1 polls (failed 1)</title>');
  });

  it('gives each source a sparkline of its new items per day and a link to its own page', () => {
    const html = renderStatusPage(snapshot());
    expect(html).toMatch(/<a href="\/sources\/coindesk"><strong>CoinDesk<\/strong><\/a>[^\n]*?aria-label="0,0,0,0,0,0,0,0,0,0,0,0,0,3"/);
    expect(html).toContain('<th>New per day, 14 days</th>');
  });

  it('shows the newest items of each output as a reader sees them, never linking what is not http(s)', () => {
    const html = renderStatusPage(snapshot());
    const news = html.match(/<section id="news">[\s\S]*?<\/section>/)![0];
    expect(news).toContain(
      '<a href="https://coindesk.example/dtcc"><bdi>SEC clears DTCC pilot</bdi></a> <span class="muted"><bdi>CoinDesk</bdi> · <time datetime="2026-01-05T11:00:00Z">2026-01-05 11:00Z</time> · en · positive · <bdi>REG</bdi> · story in 3 sources</span><div class="summary-text"><bdi>The pilot goes ahead.</bdi></div>',
    );
    expect(news).not.toContain('javascript:');
    expect(news).toContain('<li><bdi>&lt;img src=x onerror=alert(1)&gt;Hostile</bdi> <span class="muted"><bdi>&lt;b&gt;Evil&lt;/b&gt;</bdi></span>');
    const empty = renderStatusPage(snapshot({ outputs: [{ ...snapshot().outputs[0]!, news: [] }] }));
    expect(empty).toContain('Nothing published yet.');
  });

  it('adapts to a dark colour scheme and loads nothing from anywhere', () => {
    const html = renderStatusPage(snapshot());
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    expect(html).not.toMatch(/<(script|img|iframe|object|embed|link rel="stylesheet")\b|@import|url\(/);
  });
});
