import { mkdir, stat } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, missingTools, mustFail } from '../helpers/debian-tools.js';
import { rssFeed } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { runDaemon, type RunningDaemon } from '../helpers/daemon-process.js';
import { createWorkspace, testConfig } from '../helpers/temp-workspace.js';
import { waitFor } from '../helpers/wait-for.js';

const missing = missingTools([CHROMIUM]);

/** Screenshots kept in the repository: what the pages look like, from the last run. */
const SHOTS = 'test-results';
const RTL_OVERRIDE = '\u202E';

/**
 * What a feed can throw at the page: markup in titles, `javascript:` links, bidirectional overrides
 * that would reverse the cells after them, a name that tries to close the table.
 */
const HOSTILE_FEED = rssFeed(`<img src=x onerror="document.title='pwned'">Hostile`, [
  { guid: 'h1', title: `<script>document.title='pwned'</script>Markup title`, link: 'javascript:alert(1)', date: '2026-01-05T11:00:00Z' },
  { guid: 'h2', title: `${RTL_OVERRIDE}desrever si txet sihT`, link: 'https://hostile.example/rtl', date: '2026-01-05T10:30:00Z' },
  { guid: 'h3', title: '</td></tr></table><h1>Broken layout</h1>', link: 'https://hostile.example/close', date: '2026-01-05T10:00:00Z' },
]);

/** The status pages as a person sees them: Debian's Chromium, headless, driven by playwright-core. */
describe.skipIf(missing.length > 0 && !mustFail(missing))('the status pages in a real browser', () => {
  let feeds: FeedServer;
  let daemon: RunningDaemon;
  let browser: Browser;
  const dialogs: string[] = [];

  const open = async (path: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 }, colorScheme });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${daemon.url}${path}`);
    return page;
  };

  /** A full-page screenshot under test-results/: written, and of a plausible size for a page with charts. */
  const screenshot = async (page: Page, name: string) => {
    await mkdir(SHOTS, { recursive: true });
    const path = `${SHOTS}/${name}.png`;
    await page.screenshot({ path, fullPage: true });
    const { size } = await stat(path);
    expect(size).toBeGreaterThan(20_000);
    expect(size).toBeLessThan(5_000_000);
  };

  beforeAll(async () => {
    if (missing.length > 0) throw new Error(missing.join('; '));
    feeds = await FeedServer.start({
      '/good.rss': {
        body: rssFeed('Good', [
          { guid: 'g1', title: 'SEC clears the tokenization pilot', link: 'https://good.example/1', date: '2026-01-05T10:00:00Z' },
          { guid: 'g2', title: 'Bitcoin steadies after a volatile week', link: 'https://good.example/2', date: '2026-01-05T09:00:00Z' },
        ]),
      },
      '/hostile.rss': { body: HOSTILE_FEED },
      '/broken.rss': { status: 500, body: 'down' },
    });
    const work = await createWorkspace();
    await work.writeConfig(
      testConfig([
        { key: 'good', name: 'Good News', url: feeds.url('/good.rss') },
        { key: 'hostile', name: `${RTL_OVERRIDE}<img src=x onerror="document.title='pwned'">Hostile`, url: feeds.url('/hostile.rss') },
        { key: 'broken', name: 'Broken Wire', url: feeds.url('/broken.rss') },
      ]),
    );
    daemon = await runDaemon(['--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);
    await waitFor('the first cycle', async () => (await fetch(`${daemon.url}/readyz`)).status === 200);
    await waitFor('the news on the page', async () => (await (await fetch(`${daemon.url}/`)).text()).includes('tokenization pilot'));
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await daemon?.stop();
    await feeds?.close();
  });

  it('opens with the counts by state, puts the failing source first, and draws both charts', async () => {
    const page = await open('/');
    await screenshot(page, 'status-page');
    expect(await page.title()).toBe('Test merged feed: status');
    expect((await page.locator('nav.summary').textContent())!.replace(/\s+/g, ' ')).toBe('3 all 0 failing 1 backing off 0 disabled 0 moved 0 recovered 0 never polled 2 ok');

    const rows = await page.locator('#sources tbody tr').all();
    const cells = await Promise.all(rows.map(async (row) => (await row.locator('td').allInnerTexts()).map((cell) => cell.trim())));
    expect(cells.map((row) => row[1]!.split('\n')[0])).toEqual(['backing off', 'ok', 'ok']);
    expect(cells[0]![0]).toContain('Broken Wire');
    expect(cells[0]![1]).toMatch(/^backing off\nfor \d+ s$/);
    expect(cells[0]![3]).toContain('HTTP 500');

    for (const id of ['added', 'polls']) {
      const chart = page.locator(`svg[aria-labelledby="${id}-title ${id}-desc"]`);
      const box = (await chart.boundingBox())!;
      expect(box.width).toBeGreaterThan(300);
      expect(box.height).toBeGreaterThan(50);
    }
    expect(await page.locator('#added-desc').textContent()).toMatch(/^5 new items in 48 bars/);
    expect(await page.locator('svg.spark').count()).toBe(3);
  });

  it('runs nothing a feed sent and keeps the table in shape whatever the titles hold', async () => {
    const page = await open('/');
    expect(dialogs).toEqual([]);
    expect(await page.title()).toBe('Test merged feed: status');
    expect(await page.locator('img, script, iframe').count()).toBe(0);
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);

    // Every row has the header's seven cells, each starting where its header does: no override or
    // markup in a name moved a cell or spilt out of the table.
    const headerLefts = await page.locator('#sources thead th').evaluateAll((cells) => cells.map((cell) => Math.round(cell.getBoundingClientRect().left)));
    expect(headerLefts).toHaveLength(7);
    for (const row of await page.locator('#sources tbody tr').all()) {
      const lefts = await row.locator('td').evaluateAll((cells) => cells.map((cell) => Math.round(cell.getBoundingClientRect().left)));
      expect(lefts).toEqual(headerLefts);
    }
    // The reversed title stays isolated: the source name after it in its line still reads left to right.
    const rtl = page.locator('#news li', { hasText: 'desrever' });
    expect(
      await rtl
        .locator('bdi')
        .first()
        .evaluate((node) => node.ownerDocument.defaultView!.getComputedStyle(node).unicodeBidi),
    ).toBe('isolate');
    expect(await page.locator('html').evaluate((root) => root.scrollWidth <= root.clientWidth)).toBe(true);
  });

  it('shows the newest items of the output, linked to the articles', async () => {
    const page = await open('/');
    const news = page.locator('#news li');
    expect(await news.count()).toBe(5);
    expect(await page.locator('#news a', { hasText: 'SEC clears the tokenization pilot' }).getAttribute('href')).toBe('https://good.example/1');
    expect(await page.locator('#news li', { hasText: 'Markup title' }).locator('a').count()).toBe(0);
  });

  it('filters by state through the summary links, with no script on the page', async () => {
    const page = await open('/');
    await page.locator('nav.summary a', { hasText: 'ok' }).last().click();
    await page.waitForURL(/\?state=ok$/);
    const names = await page.locator('#sources tbody td:first-child strong').allInnerTexts();
    expect(names.map((name) => name.replace(RTL_OVERRIDE, ''))).toEqual([`<img src=x onerror="document.title='pwned'">Hostile`, 'Good News']);
    await page.locator('#sources thead a', { hasText: 'Items' }).click();
    await page.waitForURL(/sort=items/);
    expect(await page.locator('#sources tbody tr').count()).toBe(2);
  });

  it('gives each source a page with its polls, its newest items and its config entry', async () => {
    const page = await open('/sources/good');
    await screenshot(page, 'source-page');
    expect(await page.title()).toBe('Test merged feed: Good News');
    const headings = await page.locator('h2').allInnerTexts();
    expect(headings).toEqual(['State', 'Recent polls', 'Newest items', 'What enrichment found', 'Config entry']);
    expect(await page.locator('tr.outcome-changed').count()).toBe(1);
    expect(await page.locator('ul.news a').allInnerTexts()).toEqual(['SEC clears the tokenization pilot', 'Bitcoin steadies after a volatile week']);
    expect(await page.locator('pre').textContent()).toContain('"key": "good"');

    const hostile = await open('/sources/hostile');
    expect(await hostile.locator('img, script').count()).toBe(0);
    expect(await hostile.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('reads in a dark colour scheme', async () => {
    const page = await open('/', 'dark');
    await screenshot(page, 'status-page-dark');
    const background = await page.locator('body').evaluate((body) => body.ownerDocument.defaultView!.getComputedStyle(body).backgroundColor);
    expect(background).toBe('rgb(22, 22, 26)');
    const bar = await page
      .locator('svg.chart rect.s0')
      .first()
      .evaluate((node) => node.ownerDocument.defaultView!.getComputedStyle(node).fill);
    expect(bar).toBe('rgb(96, 165, 250)');
  });

  it('offers every output for autodiscovery and subscription', async () => {
    const page = await open('/');
    const links = await page.locator('link[rel="alternate"]').all();
    const alternates = await Promise.all(links.map(async (link) => [await link.getAttribute('type'), await link.getAttribute('href')]));
    expect(alternates).toEqual([
      ['application/atom+xml', '/feeds/all.atom'],
      ['application/rss+xml', '/feeds/all.rss'],
      ['application/feed+json', '/feeds/all.json'],
    ]);
    const subscribe = await Promise.all((await page.locator('ul.outputs a').all()).map((link) => link.getAttribute('href')));
    expect(subscribe).toEqual(['/feeds/all.atom', '/feeds/all.rss', '/feeds/all.json']);
    expect((await page.request.get(`${daemon.url}/feeds/all.atom`)).status()).toBe(200);
  });
});
