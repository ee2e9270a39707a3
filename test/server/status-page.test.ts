import { describe, expect, it } from 'vitest';
import { renderStatusPage, type StatusSnapshot } from '../../src/server/status-page.js';

const snapshot = (overrides: Partial<StatusSnapshot> = {}): StatusSnapshot => ({
  title: 'News',
  version: '1.0.0',
  generatedAt: new Date('2026-01-05T12:00:00.000Z'),
  outputs: [
    {
      name: 'all',
      title: 'All news',
      links: [
        { href: '/feeds/all.atom', type: 'application/atom+xml', format: 'Atom' },
        { href: '/feeds/all.json', type: 'application/feed+json', format: 'JSON Feed' },
      ],
    },
  ],
  sources: [
    { key: 'coindesk', name: 'CoinDesk', url: 'https://www.coindesk.com/feed', state: 'ok', lastSuccessAt: '2026-01-05T11:55:00.000Z', items: 25 },
    { key: 'evil', name: '<script>alert(1)</script>', url: 'https://evil.example/"><img src=x onerror=alert(1)>', state: 'failing', lastError: '<b>boom</b> & "quotes"', items: 0 },
  ],
  ...overrides,
});

describe('the status page', () => {
  it('escapes every value that comes from a source', () => {
    const html = renderStatusPage(snapshot());
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>boom');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;boom&lt;/b&gt; &amp; &quot;quotes&quot;');
  });

  it('advertises every output format with rel="alternate" for autodiscovery', () => {
    const html = renderStatusPage(snapshot());
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="All news (Atom)" href="/feeds/all.atom">');
    expect(html).toContain('<link rel="alternate" type="application/feed+json" title="All news (JSON Feed)" href="/feeds/all.json">');
  });

  it('shows each source with its state, last success, last error and item count', () => {
    const html = renderStatusPage(snapshot());
    expect(html).toMatch(/<tr class="state-ok">[\s\S]*CoinDesk[\s\S]*<td>ok<\/td>[\s\S]*2026-01-05 11:55:00Z[\s\S]*<td class="number">25<\/td>/);
    expect(html).toMatch(/<tr class="state-failing">[\s\S]*<td>failing<\/td>/);
    expect(html).toContain('2 sources, 1 not ok');
  });
});
