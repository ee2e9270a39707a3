import { mkdir } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, missingTools, mustFail } from '../helpers/debian-tools.js';
import { rssFeed } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { runDaemon, type RunningDaemon } from '../helpers/daemon-process.js';
import { createWorkspace, testConfig } from '../helpers/temp-workspace.js';
import { waitFor } from '../helpers/wait-for.js';

const missing = missingTools([CHROMIUM]);

/** The status page as a person sees it: Debian's Chromium, headless, driven by playwright-core. */
describe.skipIf(missing.length > 0 && !mustFail(missing))('the status page in a real browser', () => {
  let feeds: FeedServer;
  let daemon: RunningDaemon;
  let browser: Browser;

  beforeAll(async () => {
    if (missing.length > 0) throw new Error(missing.join('; '));
    feeds = await FeedServer.start({
      '/good.rss': { body: rssFeed('Good', [{ guid: 'g1', title: 'Fine story', link: 'https://good.example/1', date: '2026-01-05T10:00:00Z' }]) },
      '/broken.rss': { status: 500, body: 'down' },
    });
    const work = await createWorkspace();
    await work.writeConfig(
      testConfig([
        { key: 'good', name: 'Good News', url: feeds.url('/good.rss') },
        { key: 'hostile', name: '<img src=x onerror="document.title=\'pwned\'">Hostile', url: feeds.url('/broken.rss') },
      ]),
    );
    daemon = await runDaemon(['--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);
    await waitFor('the first cycle', async () => (await fetch(`${daemon.url}/readyz`)).status === 200);
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

  it('lists every source with its state, runs nothing injected, and offers every output for autodiscovery', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${daemon.url}/`);
    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/status-page.png', fullPage: true });

    expect(await page.title()).toBe('Test merged feed: status');
    const rowLocators = await page.locator('tbody tr').all();
    const rows = await Promise.all(rowLocators.map(async (row) => (await row.locator('td').allTextContents()).map((cell) => cell.trim())));
    expect(rows).toHaveLength(2);
    expect(rows[0]![0]).toContain('Good News');
    expect(rows[0]![1]).toBe('ok');
    expect(rows[0]![5]).toBe('1');
    expect(rows[1]![0]).toContain('<img src=x onerror="document.title=\'pwned\'">Hostile');
    expect(rows[1]![1]).toBe('backing off');
    expect(rows[1]![3]).toContain('HTTP 500');
    expect(await page.$$('tbody img')).toHaveLength(0);
    expect(dialogs).toEqual([]);

    const links = await page.locator('link[rel="alternate"]').all();
    const alternates = await Promise.all(links.map(async (link) => [await link.getAttribute('type'), await link.getAttribute('href')]));
    expect(alternates).toEqual([
      ['application/atom+xml', '/feeds/all.atom'],
      ['application/rss+xml', '/feeds/all.rss'],
      ['application/feed+json', '/feeds/all.json'],
    ]);
    const subscribe = await Promise.all((await page.locator('ul.outputs a').all()).map((link) => link.getAttribute('href')));
    expect(subscribe).toEqual(['/feeds/all.atom', '/feeds/all.rss', '/feeds/all.json']);
    const atom = await page.request.get(`${daemon.url}/feeds/all.atom`);
    expect(atom.status()).toBe(200);
  });
});
