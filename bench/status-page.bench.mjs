#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { distPath } from './lib/contenders.mjs';
import { between, createRandom, mixSeed, pick } from './lib/random.mjs';
import { envNumber, progress, saveResult } from './lib/report.mjs';
import { median } from './lib/stats.mjs';
import { createStoredItems } from './lib/stored-items.mjs';

/*
 * status-page: the weight and render time of the daemon's status pages (dist/src/server). A seeded
 * snapshot of N sources (states mixed as on a large install: 3 % failing with long errors, 2 %
 * backing off, 1 % disabled, 1 % moved, 1 % never polled, the rest ok; 14 days of new items per
 * source; 48 hours of totals in 8 categories; 2 outputs of 10 news items each), rendered in
 * process: the overview (default query) and its `?state=failing` view, and one source's page with
 * a full history (20 polls, 48 hours, 14 days, 20 items). Per page: the HTML's UTF-8 bytes (as the
 * daemon serves it, uncompressed) and gzip bytes, the server render time (median of
 * BENCH_STATUS_RENDERS after 3 warm-ups), and the page in Debian's Chromium (playwright-core,
 * served by a node:http server on 127.0.0.1 with the daemon's headers; a new page per load,
 * 1200×800; one warm-up, then the median of BENCH_STATUS_BROWSER_RUNS loads).
 *   BENCH_STATUS_SIZES=1000,10000  BENCH_STATUS_RENDERS=20  BENCH_STATUS_BROWSER_RUNS=7
 *   BENCH_CHROMIUM=/usr/bin/chromium  BENCH_STATUS_KEEP_HTML=<folder>: the rendered pages are written there too
 */

const sizes = (process.env.BENCH_STATUS_SIZES ?? '1000,10000').split(',').map(Number);
const renders = envNumber('BENCH_STATUS_RENDERS', 20);
const browserRuns = envNumber('BENCH_STATUS_BROWSER_RUNS', 7);
const chromiumPath = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';
const keepHtml = process.env.BENCH_STATUS_KEEP_HTML;
const WARMUP_RENDERS = 3;
const TARGET_SOURCES = 1000;
const MAX_BYTES = 1_048_576;
const MAX_LOAD_MS = 500;
const SEED = 20260310;
/** Fixed, so every run renders the same bytes (times and durations on the page are relative to it). */
const NOW = new Date(Date.UTC(2026, 2, 10, 14, 37, 12, 345));
const VIEWPORT = { width: 1200, height: 800 };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// The headers the daemon's HttpServer sends with its pages (src/server/http-server.ts); no gzip.
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
};

// What the scenario needs, checked before anything is measured: a missing browser is an error, never a skip.
const dist = distPath();
const missing = [];
if (!existsSync(join(dist, 'server', 'status-page.js'))) missing.push(`${join(dist, 'server', 'status-page.js')} is missing: run \`npm run build\` first`);
const probe = existsSync(chromiumPath) ? spawnSync(chromiumPath, ['--version'], { encoding: 'utf8', timeout: 60_000 }) : undefined;
if (!probe || probe.error || probe.status !== 0) {
  missing.push(`Chromium not found or not runnable at ${chromiumPath}: the status-page scenario loads the pages in Debian's Chromium (apt-get install chromium; or set BENCH_CHROMIUM)`);
}
const playwright = await import('playwright-core').catch(() => undefined);
if (!playwright) missing.push('playwright-core is missing: npm install (it is a devDependency)');
if (missing.length > 0) {
  for (const message of missing) process.stderr.write(`status-page: ${message}\n`);
  process.exit(1);
}

const load = (path) => import(pathToFileURL(join(dist, ...path.split('/'))).href);
const { renderStatusPage } = await load('server/status-page.js');
const { renderSourcePage } = await load('server/source-page.js');
const { DEFAULT_QUERY, parseStatusQuery } = await load('server/status-query.js');
const { shortSummary } = await load('server/news-digest.js');
const activityModel = await load('model/source-activity.js');
const { HOUR_MS, addedPerDay, hourlyTotals, recordPoll } = activityModel;
const { describeSourceState } = await load('model/source-status.js');
const { stateUrl } = await load('model/fetch-state.js');
const { redactUri } = await load('model/redact-uri.js');

// ---------------------------------------------------------------------------------------------
// The snapshot: sources as a large crypto-news install has them.

const PUBLISHERS = [
  ['CoinDesk', 'coindesk.com'],
  ['Cointelegraph', 'cointelegraph.com'],
  ['The Block', 'theblock.co'],
  ['Decrypt', 'decrypt.co'],
  ['Bitcoin Magazine', 'bitcoinmagazine.com'],
  ['CryptoSlate', 'cryptoslate.com'],
  ['Blockworks', 'blockworks.co'],
  ['DL News', 'dlnews.com'],
  ['The Defiant', 'thedefiant.io'],
  ['Bankless', 'bankless.com'],
  ['Messari', 'messari.io'],
  ['Glassnode Insights', 'insights.glassnode.com'],
  ['Kaiko Research', 'research.kaiko.com'],
  ['CoinGecko Blog', 'coingecko.com'],
  ['Kraken Blog', 'blog.kraken.com'],
  ['Coinbase Blog', 'coinbase.com'],
  ['Ethereum Foundation Blog', 'blog.ethereum.org'],
  ['BeInCrypto', 'beincrypto.com'],
  ['U.Today', 'u.today'],
  ['NewsBTC', 'newsbtc.com'],
  ['Bitcoinist', 'bitcoinist.com'],
  ['CryptoPotato', 'cryptopotato.com'],
  ['AMBCrypto', 'ambcrypto.com'],
  ['Crypto Briefing', 'cryptobriefing.com'],
  ['Protos', 'protos.com'],
  ['Unchained', 'unchainedcrypto.com'],
  ['Finextra', 'finextra.com'],
  ['Reuters Digital Assets', 'reuters.com'],
  ['BTC-ECHO — Krypto-Nachrichten für Anleger', 'btc-echo.de'],
  ['Cointelegraph en Español: Análisis', 'es.cointelegraph.com'],
  ['CoinPost 仮想通貨ニュース', 'coinpost.jp'],
  ['ForkLog — Криптовалюты', 'forklog.com'],
  ['金色财经 Jinse Finance', 'jinse.cn'],
  ['Journal du Coin', 'journalducoin.com'],
];
const SECTIONS = ['Markets', 'Policy', 'DeFi', 'Bitcoin', 'Ethereum', 'Regulation', 'Tech', 'Business', 'NFTs', 'Mining', 'Opinion', 'Research', 'Podcasts', 'Newsletter', 'Layer 2', 'Stablecoins'];
/** The hourly chart's categories with their shares of new items: 8, so the chart merges the smallest into "other". */
const CATEGORY_SHARES = [
  ['Markets', 0.24],
  ['Bitcoin', 0.18],
  ['Ethereum', 0.13],
  ['uncategorized', 0.12],
  ['DeFi', 0.11],
  ['Regulation', 0.09],
  ['Policy', 0.08],
  ['Tech', 0.05],
];
const STATE_SHARES = [
  ['failing', 0.03],
  ['backing off', 0.02],
  ['disabled', 0.01],
  ['moved', 0.01],
  ['never polled', 0.01],
];
const HOSTS = ['cdn-edge-fra1.', 'feeds.', 'www.', 'api.', ''];

const slug = (text) =>
  text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'feed';
const iso = (ms) => new Date(ms).toISOString();

/** A long, realistic error reason for a failing or backing-off source (what errorDetail shows). */
function errorReason(random, domain) {
  const ray = Array.from({ length: 16 }, () => '0123456789abcdef'[between(random, 0, 15)]).join('');
  const reasons = [
    () =>
      `HTTP 503 Service Unavailable: upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: delayed connect error: 111 (via ${domain}, x-request-id ${ray})`,
    () =>
      `not a feed: the answer is text/html; charset=UTF-8 (${between(random, 20, 90)},${between(random, 100, 999)} bytes), an HTML page titled "Just a moment..." — a bot check (Cloudflare ray ${ray}-FRA) stands in front of the feed`,
    () =>
      `TLS: certificate has expired (CERT_HAS_EXPIRED) for ${domain}: valid from 2025-03-0${between(random, 1, 9)}T00:00:00Z until 2026-0${between(random, 1, 2)}-2${between(random, 0, 8)}T23:59:59Z`,
    () => `timeout: no answer within 30 s from ${domain} (connected, TLS done, headers not received; 3 attempts since the last success)`,
    () =>
      `parse: unexpected close tag </channel> at line ${between(random, 200, 4000)}, column ${between(random, 1, 80)}; the document ends inside <item> ${between(random, 2, 60)} (an unclosed CDATA section in <description>?)`,
    () => `DNS: getaddrinfo ENOTFOUND feeds.${domain} (the name has no A or AAAA record; NXDOMAIN from the resolver)`,
    () =>
      `HTTP 429 Too Many Requests (Retry-After: ${between(random, 600, 7200)}): rate limited by the origin, ray ${ray}-AMS; body: "You have exceeded the rate limit for this endpoint. Please slow down."`,
    () => `too large: the body passed the 10 MiB cap (fetch.maxBytes) after 10,485,760 bytes of ${domain}'s answer (content-length not sent)`,
    () => `HTTP 403 Forbidden: Access denied. You do not have permission to access "http://${domain}/feed/" on this server. Reference #18.${ray.slice(0, 8)}.${between(random, 1e9, 2e9)}`,
  ];
  return pick(random, reasons)();
}

/** One source's row as buildStatusSnapshot makes it, for a given state. */
function sourceRow(i, state, usedKeys) {
  const random = createRandom(mixSeed(SEED, i));
  const [publisher, domain] = pick(random, PUBLISHERS);
  const section = pick(random, SECTIONS);
  const long = random() < 0.1;
  const name = long ? `${publisher} — ${section} and ${pick(random, SECTIONS)}: daily coverage, analysis and market wrap-ups (English edition)` : `${publisher}: ${section}`;
  let key = `${slug(publisher)}-${slug(section)}`;
  for (let n = 2; usedKeys.has(key); n++) key = `${slug(publisher)}-${slug(section)}-${n}`;
  usedKeys.add(key);
  const sectionPath = slug(section);
  const shape = random();
  const url =
    shape < 0.1
      ? redactUri(`https://api.${domain}/v2/content/feeds/${sectionPath}/latest.json?lang=en&limit=50&include=summary,authors,tags,media&format=jsonfeed&api_key=k_${i}x9f2`)
      : shape < 0.2
        ? `https://feeds.feedburner.com/${publisher.replace(/[^A-Za-z0-9]/g, '')}${section.replace(/\s/g, '')}?format=xml`
        : shape < 0.5
          ? `https://${pick(random, HOSTS)}${domain}/arc/outboundfeeds/rss/category/${sectionPath}/?outputType=xml`
          : shape < 0.8
            ? `https://${pick(random, HOSTS)}${domain}/${sectionPath}/feed/`
            : `https://${domain}/feeds/${sectionPath}.atom`;

  const minute = 60_000;
  const day = 86_400_000;
  const now = NOW.getTime();
  const rate = random() < 0.15 ? random() * 2 : 2 + random() * 45;
  const days = Array.from({ length: 14 }, () => Math.max(0, Math.round(rate * (0.4 + random() * 1.2))));
  const row = { key, name, url, state, items: Math.round(10 ** (1 + random() * 3.4)), addedPerDay: days };
  if (state === 'ok') {
    row.lastSuccessAt = iso(now - between(random, 0, 15) * minute - between(random, 0, 59_999));
    // A feed's own polling hint (ttl, sy:updatePeriod) holds about one ok source in ten.
    if (random() < 0.1) row.nextAttemptAt = iso(now + between(random, 5, 240) * minute);
  } else if (state === 'failing' || state === 'backing off') {
    const failedFor = between(random, 1, 20 * 24 * 60) * minute;
    if (random() < 0.9) row.lastSuccessAt = iso(now - failedFor - between(random, 1, 15) * minute);
    row.failingSince = iso(now - failedFor);
    row.lastError = errorReason(random, domain);
    if (state === 'backing off') row.nextAttemptAt = iso(now + between(random, 2, 360) * minute);
    const quietDays = Math.min(14, Math.ceil(failedFor / day));
    for (let d = 14 - quietDays; d < 14; d++) days[d] = 0;
  } else if (state === 'disabled') {
    if (random() < 0.5) {
      row.lastError = 'disabled in the config';
      if (random() < 0.7) row.lastSuccessAt = iso(now - between(random, 20, 400) * day);
    } else {
      row.lastError = 'gone: HTTP 410 Gone';
      row.lastSuccessAt = iso(now - between(random, 2, 60) * day);
    }
    days.fill(0);
  } else if (state === 'moved') {
    row.movedTo = `https://www.${domain}/news/${sectionPath}/rss.xml`;
    row.lastError = `moved to ${row.movedTo}`;
    row.lastSuccessAt = iso(now - between(random, 0, 15) * minute);
  } else {
    row.items = 0;
    days.fill(0);
  }
  return row;
}

/** The 48-hour totals over `count` sources (each polled every 15 minutes), built directly: only totals reach the page. */
function hourlyOver(count, random) {
  const totals = hourlyTotals([], NOW);
  const start = totals.start.getTime();
  totals.added.forEach((hour, i) => {
    // Busier in the European and American day.
    const utc = new Date(start + i * HOUR_MS).getUTCHours();
    const load = 0.55 + 0.45 * Math.sin(((utc - 8) / 24) * 2 * Math.PI) + random() * 0.3;
    const added = count * 0.6 * load;
    for (const [category, share] of CATEGORY_SHARES) hour[category] = Math.round(added * share * (0.7 + random() * 0.6));
  });
  totals.polls.forEach((hour) => {
    const polls = count * 4;
    const failed = Math.round(polls * (0.045 + random() * 0.01));
    const changed = Math.round(polls * (0.08 + random() * 0.04));
    const unchanged = Math.round(polls * (0.14 + random() * 0.04));
    Object.assign(hour, { changed, unchanged, failed, 'not-modified': polls - failed - changed - unchanged });
  });
  return totals;
}

const TOPIC_SETS = [['BTC'], ['ETH', 'DEFI'], ['BTC', 'ETF'], ['SOL'], ['REG', 'SEC'], ['STABLE'], undefined];
const LANGS = ['en', 'en', 'en', 'en', 'en', 'de', 'es', 'fr', 'ja'];
const SENTIMENTS = ['POSITIVE', 'NEUTRAL', 'NEGATIVE'];

/** An output's newest items as NewsDigest reads them from its JSON Feed (summaries cut to 280 characters). */
function newsOf(output, sources, random) {
  const stored = createStoredItems(SEED + output).items(output, 10);
  return stored.map((item, i) => {
    const storySources = random() < 0.6 ? between(random, 2, 14) : undefined;
    return {
      title: item.title,
      url: item.link,
      source: pick(random, sources).name,
      publishedAt: iso(NOW.getTime() - (i + 1) * between(random, 2, 9) * 60_000),
      lang: pick(random, LANGS),
      sentiment: pick(random, SENTIMENTS),
      topics: pick(random, TOPIC_SETS),
      summary: shortSummary(`${item.description} ${item.description}`),
      storySources,
      storyItems: storySources === undefined ? undefined : storySources + between(random, 0, 6),
    };
  });
}

function buildSnapshot(count) {
  const random = createRandom(mixSeed(SEED, count));
  const states = [];
  for (const [state, share] of STATE_SHARES) for (let n = Math.round(count * share); n > 0; n--) states.push(state);
  while (states.length < count) states.push('ok');
  for (let i = states.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [states[i], states[j]] = [states[j], states[i]];
  }
  const usedKeys = new Set();
  const sources = states.map((state, i) => sourceRow(i, state, usedKeys));
  const outputs = [
    ['all', 'Tributary: every source'],
    ['bitcoin', 'Tributary: Bitcoin desk'],
  ].map(([name, title], o) => ({
    name,
    title,
    links: [
      { href: `/feeds/${name}.atom`, type: 'application/atom+xml', format: 'Atom' },
      { href: `/feeds/${name}.rss`, type: 'application/rss+xml', format: 'RSS' },
      { href: `/feeds/${name}.json`, type: 'application/feed+json', format: 'JSON Feed' },
    ],
    news: newsOf(o, sources, random),
  }));
  return { title: 'Tributary: every source', version: '0.1.0', generatedAt: NOW, sources, outputs, hourly: hourlyOver(count, random) };
}

/** One source's page with everything filled: a poll every 15 minutes for 14 days (a few failed), its feed, 20 items, a config entry with a header. */
function buildSourcePage() {
  const random = createRandom(mixSeed(SEED, 0x50));
  const source = {
    key: 'the-block-policy',
    name: 'The Block — Policy and Regulation: daily coverage, analysis and market wrap-ups (English edition)',
    url: 'https://api.theblock.co/v2/content/feeds/policy/latest.json?lang=en&limit=50&include=summary,authors,tags,media&api_key=k_live_9f2c',
    category: 'Policy',
    tags: ['crypto', 'policy', 'regulation'],
    schedule: '*/15 * * * *',
    enabled: true,
    headers: { Authorization: 'Bearer live_token', 'X-Client': 'tributary' },
  };
  const quarter = 15 * 60_000;
  let activity;
  let lastSuccessAt;
  const first = NOW.getTime() - 14 * 86_400_000;
  for (let at = first; at < NOW.getTime() - quarter; at += quarter) {
    const draw = random();
    const when = new Date(at + between(random, 0, 30_000));
    const durationMs = between(random, 80, 2400);
    if (draw < 0.04) {
      activity = recordPoll(activity, { outcome: 'failed', status: 503, durationMs, added: 0, updated: 0, error: errorReason(random, 'api.theblock.co') }, when);
    } else if (draw < 0.16) {
      const added = between(random, 1, 6);
      const addedByCategory = {};
      for (let n = 0; n < added; n++) {
        const category = pick(random, CATEGORY_SHARES)[0];
        addedByCategory[category] = (addedByCategory[category] ?? 0) + 1;
      }
      activity = recordPoll(activity, { outcome: 'changed', status: 200, durationMs, added, updated: between(random, 0, 3), addedByCategory }, when);
      lastSuccessAt = when.toISOString();
    } else {
      activity = recordPoll(activity, { outcome: draw < 0.3 ? 'unchanged' : 'not-modified', status: draw < 0.3 ? 200 : 304, durationMs, added: 0, updated: 0 }, when);
      lastSuccessAt = when.toISOString();
    }
  }
  // The last poll answered 304, so the source reads ok (its failures are in the history).
  const lastPollAt = new Date(Math.floor((NOW.getTime() - 45_000) / 1000) * 1000);
  activity = recordPoll(activity, { outcome: 'not-modified', status: 304, durationMs: 142, added: 0, updated: 0 }, lastPollAt);
  lastSuccessAt = lastPollAt.toISOString();
  const state = {
    sourceKey: source.key,
    url: stateUrl(source.url),
    lastAttemptAt: lastSuccessAt,
    lastSuccessAt,
    lastStatus: 304,
    consecutiveErrors: 0,
    etag: 'W/"5f1c-18e2a9b3c40"',
    lastModified: 'Tue, 10 Mar 2026 14:22:07 GMT',
    itemsSeen: 4821,
    activity,
  };
  const items = createStoredItems(SEED)
    .items(7, 20)
    .map((item) => ({
      ...item,
      source: { key: source.key, name: source.name, type: 'JSON' },
      lang: pick(random, LANGS),
      sentiment: { label: pick(random, SENTIMENTS), score: Math.round((random() * 2 - 1) * 100) / 100, from: 'text' },
      topics: pick(random, TOPIC_SETS),
    }));
  return {
    siteTitle: 'Tributary: every source',
    generatedAt: NOW,
    source,
    status: describeSourceState(state, NOW, source),
    state,
    feed: { title: 'The Block: Policy', link: 'https://www.theblock.co/category/policy' },
    items,
  };
}

/**
 * How much history an activity holds, through the module's own readers (its stored form is the
 * module's business): polls listed, hours with a poll, days with new items.
 */
function historyOf(activity) {
  const polls = typeof activityModel.pollsOf === 'function' ? activityModel.pollsOf(activity) : activity.polls;
  const hours = hourlyTotals([activity], NOW).polls.filter((hour) => Object.values(hour).some((n) => n > 0));
  return { polls: polls.length, hours: hours.length, days: addedPerDay(activity, NOW).filter((n) => n > 0).length };
}

// ---------------------------------------------------------------------------------------------
// Measuring.

/** Median server render time of `render` (ms), after warm-ups; the HTML of the last render. */
function timeRenders(render) {
  let html = '';
  for (let i = 0; i < WARMUP_RENDERS; i++) html = render();
  const ms = [];
  for (let i = 0; i < renders; i++) {
    const started = performance.now();
    html = render();
    ms.push(performance.now() - started);
  }
  return { html, ms };
}

/** Where the overview's bytes go, read from its markup (parts whose markers are not found are left out, and the result says so). */
function breakdownOf(html, sources) {
  const bytes = (text) => Buffer.byteLength(text, 'utf8');
  const total = bytes(html);
  const markedPart = (from, to) => {
    const a = html.indexOf(from);
    const b = a < 0 ? -1 : html.indexOf(to, a + from.length);
    return a < 0 || b < 0 ? undefined : html.slice(a, b);
  };
  const head = markedPart('<!DOCTYPE html>', '<body>');
  const style = markedPart('<style>', '</style>');
  const charts = markedPart('<section class="charts"', '</section>');
  const table = markedPart('<section id="sources"', '</section>');
  const news = markedPart('<section id="news"', '</section>');
  const subscribe = markedPart('<section id="subscribe"', '</section>');
  const rows = table?.match(/<tr class="state-[\s\S]*?<\/tr>/g) ?? [];
  const sum = (list) => list.reduce((n, text) => n + bytes(text), 0);
  const sparks = sum(rows.flatMap((row) => row.match(/<svg class="spark"[\s\S]*?<\/svg>/g) ?? []));
  const urls = sum(rows.flatMap((row) => row.match(/<div class="url">[\s\S]*?<\/div>/g) ?? []));
  const times = sum(rows.flatMap((row) => row.match(/<time [\s\S]*?<\/time>/g) ?? []));
  const indent = sum(rows.flatMap((row) => row.match(/\n[ ]+/g) ?? []));
  const bdi = sum(rows.flatMap((row) => row.match(/<\/?bdi>/g) ?? []));
  const failing = rows.filter((row) => row.startsWith('<tr class="state-failing"'));
  const chartTooltips = sum(charts?.match(/<title>[\s\S]*?<\/title>/g) ?? []);
  const chartRects = sum(charts?.match(/<rect [^>]*\/>/g) ?? []);
  const chartList = charts?.match(/<figure>[\s\S]*?<\/figure>/g) ?? [];
  const parts = [
    ['head (with the stylesheet)', head, head && bytes(head)],
    ['of which the stylesheet', style, style && bytes(style)],
    ['charts section (2 SVG charts)', charts, charts && bytes(charts)],
    ...chartList.map((figure, i) => [`of which chart ${i + 1} (${/<figcaption[^>]*>([^<]*)/.exec(figure)?.[1] ?? '?'})`, figure, bytes(figure)]),
    ['of which chart tooltips (`<title>`)', charts, chartTooltips],
    ['of which chart bars and hover targets (`<rect>`)', charts, chartRects],
    ['sources table', table, table && bytes(table)],
    ['of which source rows', table, sum(rows)],
    ['of which sparklines (`svg.spark`)', table, sparks],
    ['of which URL lines (`div.url`)', table, urls],
    ['of which `<time>` elements', table, times],
    ['of which `<bdi>` tags', table, bdi],
    ['of which indentation (newline + spaces)', table, indent],
    ['latest news section', news, news && bytes(news)],
    ['subscribe section', subscribe, subscribe && bytes(subscribe)],
  ]
    .filter(([, found]) => found !== undefined)
    .map(([part, , n]) => ({ part, bytes: n, share: n / total }));
  const perRow = rows.length === 0 ? undefined : sum(rows) / rows.length;
  return {
    sources,
    total,
    rows: rows.length,
    perRowBytes: perRow,
    perRowSparklineBytes: rows.length === 0 ? undefined : sparks / rows.length,
    perFailingRowBytes: failing.length === 0 ? undefined : sum(failing) / failing.length,
    parts,
    complete: [head, charts, table, news, subscribe].every((part) => part !== undefined) && rows.length > 0,
  };
}

/** Serves each page's bytes with the daemon's page headers, on 127.0.0.1 and a free port. */
async function servePages(pages) {
  const bodies = new Map(pages.map((p) => [`/${p.id}`, Buffer.from(p.html, 'utf8')]));
  const server = createServer((req, res) => {
    const body = bodies.get((req.url ?? '').split('?')[0]);
    if (!body) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    res.writeHead(200, { ...PAGE_HEADERS, 'content-length': String(body.length) }).end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: (id) => `http://127.0.0.1:${port}/${id}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * Runs in each page before its own content (DevTools' addScriptToEvaluateOnNewDocument: the page's
 * CSP does not apply to it) and does nothing until the load event has ended: then, in the next
 * animation frame, it forces style and layout (timed: what the load event did not wait for) and
 * notes when that frame has been produced (a task queued from it runs after its paint).
 */
function watchFirstFrameAfterLoad() {
  addEventListener('load', () =>
    setTimeout(() =>
      requestAnimationFrame(() => {
        const started = performance.now();
        void document.body.getBoundingClientRect().height;
        const layoutMs = performance.now() - started;
        setTimeout(() => {
          /** @type {any} */ (globalThis).__frameAfterLoad = { layoutMs, doneAt: performance.now() };
        });
      }),
    ),
  );
}

/** One load in a new page: the navigation entry's figures, first contentful paint, and the first frame after load. */
async function loadOnce(browser, url) {
  const page = await browser.newPage({ viewport: VIEWPORT });
  try {
    await page.addInitScript(watchFirstFrameAfterLoad);
    const started = performance.now();
    const response = await page.goto(url, { waitUntil: 'load' });
    const gotoMs = performance.now() - started;
    if (response?.status() !== 200) throw new Error(`${url}: HTTP ${response?.status()}`);
    const timing = await page.evaluate(async () => {
      const entry = () => /** @type {PerformanceNavigationTiming} */ (performance.getEntriesByType('navigation')[0]);
      const frame = /** @type {() => { layoutMs: number, doneAt: number } | undefined} */ (() => /** @type {any} */ (globalThis).__frameAfterLoad);
      const deadline = performance.now() + 30_000;
      while ((entry().loadEventEnd === 0 || !frame()) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      const fcp = await new Promise((resolve) => {
        const found = performance.getEntriesByName('first-contentful-paint')[0];
        if (found) return resolve(found.startTime);
        const observer = new PerformanceObserver((list) => {
          const paint = list.getEntriesByName('first-contentful-paint')[0];
          if (paint) {
            observer.disconnect();
            resolve(paint.startTime);
          }
        });
        observer.observe({ type: 'paint', buffered: true });
        setTimeout(() => resolve(null), 3000);
      });
      const nav = entry();
      const after = frame();
      return {
        loadMs: nav.loadEventEnd - nav.startTime,
        responseEndMs: nav.responseEnd - nav.startTime,
        domInteractiveMs: nav.domInteractive - nav.startTime,
        domContentLoadedMs: nav.domContentLoadedEventEnd - nav.startTime,
        fcpMs: fcp === null ? null : fcp - nav.startTime,
        layoutAfterLoadMs: after ? after.layoutMs : null,
        frameAfterLoadMs: after ? after.doneAt - nav.startTime : null,
        decodedBodySize: nav.decodedBodySize,
        elements: document.getElementsByTagName('*').length,
      };
    });
    return { gotoMs, ...timing };
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------------------------------------

const failingQuery = parseStatusQuery('state=failing');
/** @type {Array<{ id: string, page: string, sources: number, html: string, bytes: number, gzipBytes: number, serverMs: number[] }>} */
const pages = [];
const breakdowns = [];
for (const size of sizes) {
  const built = performance.now();
  const snapshot = buildSnapshot(size);
  progress(`status-page: snapshot of ${size} sources built in ${(performance.now() - built).toFixed(0)} ms`);
  for (const [page, query] of [
    ['overview', DEFAULT_QUERY],
    ['overview ?state=failing', failingQuery],
  ]) {
    const { html, ms } = timeRenders(() => renderStatusPage(snapshot, query));
    const bytes = Buffer.byteLength(html, 'utf8');
    pages.push({ id: `${page === 'overview' ? 'overview' : 'failing'}-${size}`, page, sources: size, html, bytes, gzipBytes: gzipSync(html).length, serverMs: ms });
    progress(`status-page: ${page} at ${size} sources: ${bytes} bytes, render ${median(ms).toFixed(1)} ms`);
    if (page === 'overview') breakdowns.push(breakdownOf(html, size));
  }
}
{
  const data = buildSourcePage();
  const { html, ms } = timeRenders(() => renderSourcePage(data));
  const history = historyOf(data.state.activity);
  pages.push({
    id: 'source',
    page: `source page (${history.polls} polls, ${history.hours} hours, ${history.days} days, ${data.items.length} items)`,
    sources: 1,
    html,
    bytes: Buffer.byteLength(html, 'utf8'),
    gzipBytes: gzipSync(html).length,
    serverMs: ms,
  });
  progress(`status-page: source page: ${pages.at(-1).bytes} bytes, render ${median(ms).toFixed(1)} ms`);
}

if (keepHtml) {
  await mkdir(keepHtml, { recursive: true });
  for (const p of pages) await writeFile(join(keepHtml, `${p.id}.html`), p.html);
  progress(`status-page: the pages' HTML written to ${keepHtml}`);
}

const server = await servePages(pages);
const browser = await playwright.chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
const chromiumVersion = browser.version();
/** @type {Map<string, Array<Awaited<ReturnType<typeof loadOnce>>>>} */
const loads = new Map();
try {
  for (const p of pages) {
    await loadOnce(browser, server.url(p.id));
    const runs = [];
    for (let run = 0; run < browserRuns; run++) runs.push(await loadOnce(browser, server.url(p.id)));
    if (runs[0].decodedBodySize && runs[0].decodedBodySize !== p.bytes) throw new Error(`${p.id}: Chromium read ${runs[0].decodedBodySize} bytes, ${p.bytes} were served`);
    loads.set(p.id, runs);
    progress(
      `status-page: Chromium, ${p.page} at ${p.sources} sources: load ${median(runs.map((r) => r.loadMs)).toFixed(0)} ms (fastest ${Math.min(...runs.map((r) => r.loadMs)).toFixed(0)}), goto ${median(runs.map((r) => r.gotoMs)).toFixed(0)} ms`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}

const fig = (runs, key) => {
  const values = runs.map((r) => r[key]).filter((v) => typeof v === 'number');
  return values.length === 0 ? null : median(values);
};
const summary = pages.map((p) => {
  const runs = /** @type {any[]} */ (loads.get(p.id));
  return {
    page: p.page,
    sources: p.sources,
    bytes: p.bytes,
    gzipBytes: p.gzipBytes,
    serverMs: median(p.serverMs),
    elements: runs[0].elements,
    chromium: {
      loadMs: fig(runs, 'loadMs'),
      // The shared machine's other load spreads the loads widely (2 to 3 times apart): the fastest is the page's own cost.
      fastestLoadMs: Math.min(...runs.map((r) => r.loadMs)),
      gotoMs: fig(runs, 'gotoMs'),
      responseEndMs: fig(runs, 'responseEndMs'),
      domContentLoadedMs: fig(runs, 'domContentLoadedMs'),
      fcpMs: fig(runs, 'fcpMs'),
      layoutAfterLoadMs: fig(runs, 'layoutAfterLoadMs'),
      frameAfterLoadMs: fig(runs, 'frameAfterLoadMs'),
    },
  };
});

// The table, printed.
const pad = (value, width) => String(value).padStart(width);
const ms = (value) => (value === null || value === undefined ? 'n/a' : value.toFixed(1));
process.stdout.write(
  `\n${'page'.padEnd(72)} ${pad('sources', 7)} ${pad('bytes', 10)} ${pad('gzip', 8)} ${pad('server ms', 9)} ${pad('load ms', 8)} ${pad('goto ms', 8)} ${pad('FCP ms', 7)} ${pad('frame ms', 8)}\n`,
);
for (const s of summary) {
  process.stdout.write(
    `${s.page.padEnd(72)} ${pad(s.sources, 7)} ${pad(s.bytes, 10)} ${pad(s.gzipBytes, 8)} ${pad(ms(s.serverMs), 9)} ${pad(ms(s.chromium.loadMs), 8)} ${pad(ms(s.chromium.gotoMs), 8)} ${pad(ms(s.chromium.fcpMs), 7)} ${pad(ms(s.chromium.frameAfterLoadMs), 8)}\n`,
  );
}
for (const b of breakdowns) {
  process.stdout.write(
    `\nwhere the overview's ${b.total} bytes go at ${b.sources} sources (${b.rows} rows, ${b.perRowBytes?.toFixed(0)} bytes a row, ${b.perRowSparklineBytes?.toFixed(0)} of it the sparkline; a failing row ${b.perFailingRowBytes?.toFixed(0)}):\n`,
  );
  for (const part of b.parts) process.stdout.write(`  ${part.part.padEnd(60)} ${pad(part.bytes, 10)} ${pad((100 * part.share).toFixed(1), 5)} %\n`);
}

// The targets, at 1,000 sources; the other sizes' figures are in the section's table, with no target.
const rows = [];
const notes = [];
const atTarget = summary.find((entry) => entry.page === 'overview' && entry.sources === TARGET_SOURCES);
if (atTarget) {
  rows.push(
    {
      metric: `overview HTML at ${TARGET_SOURCES} sources (UTF-8, as served: uncompressed)`,
      unit: 'bytes',
      tributary: atTarget.bytes,
      target: '≤ 1 MiB (1,048,576 bytes)',
      met: atTarget.bytes <= MAX_BYTES,
    },
    {
      metric: `overview in Chromium at ${TARGET_SOURCES} sources (navigation start → loadEventEnd, median)`,
      unit: 'ms',
      tributary: atTarget.chromium.loadMs ?? Number.NaN,
      target: `≤ ${MAX_LOAD_MS} ms`,
      met: atTarget.chromium.loadMs !== null && atTarget.chromium.loadMs <= MAX_LOAD_MS,
    },
  );
}
if (!sizes.includes(TARGET_SOURCES)) notes.push(`the targets are set at ${TARGET_SOURCES} sources, which this run did not render (BENCH_STATUS_SIZES=${sizes.join(',')})`);
if (breakdowns.some((b) => !b.complete))
  notes.push('the overview\'s markup no longer has every marker the byte breakdown looks for (sections charts, sources, news, subscribe; rows <tr class="state-…">): the breakdown is partial');
if (summary.some((s) => s.chromium.fcpMs === null)) notes.push('Chromium reported no first-contentful-paint entry for some loads (n/a)');
if (summary.some((s) => s.chromium.frameAfterLoadMs === null)) notes.push('no frame after the load event was seen within 30 s in some loads (n/a)');
notes.push(
  "Chromium load is the navigation timing entry's loadEventEnd − startTime, read in the page; page.goto is page.goto(url, { waitUntil: 'load' }) timed outside (new page not included; the DevTools protocol's round trips are). " +
    'Layout after load: style and layout forced in the first animation frame after the load event, timed (what the load event did not wait for); frame after load: when that frame had been produced, from navigation start. ' +
    'First contentful paint: the paint timing entry.',
);

await saveResult('status-page', {
  parameters: {
    describe: `the status pages rendered from a seeded snapshot (dist/src/server/status-page.ts, source-page.ts): HTML bytes and gzip bytes, server render time (median of ${renders} renders after ${WARMUP_RENDERS} warm-ups), and the page in Debian's Chromium ${chromiumVersion} through playwright-core (median of ${browserRuns} loads after one warm-up, a new page each, ${VIEWPORT.width}×${VIEWPORT.height}, served from node:http on 127.0.0.1 with the daemon's headers and no compression). States: 3 % failing, 2 % backing off, 1 % disabled, 1 % moved, 1 % never polled, the rest ok; 48 hours of totals in 8 categories; 2 outputs of 10 news items`,
    sizes,
    renders,
    browserRuns,
    chromium: chromiumVersion,
    viewport: VIEWPORT,
    gzip: 'node:zlib gzipSync, default level (6)',
    seed: SEED,
    now: NOW.toISOString(),
  },
  rows,
  pages: summary,
  breakdowns,
  runs: pages.map((p) => ({ page: p.page, sources: p.sources, serverMs: p.serverMs, chromium: loads.get(p.id) })),
  notes,
});
