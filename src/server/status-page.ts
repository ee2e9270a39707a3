import { HOUR_MS, type HourlyTotals, type PollOutcome } from '../model/source-activity.js';
import { duration, escapeHtml, number, page, shortTime, text, time } from './html.js';
import type { NewsItem } from './news-digest.js';
import { sparkline, stackedBarChart, type StackedBars } from './status-charts.js';
import { arrangeSources, DEFAULT_QUERY, queryHref, sortHref, STATES_BY_TROUBLE, stateSlug, type SortKey, type StatusQuery } from './status-query.js';

/** Everything the status page shows, gathered by the daemon from memory (no store scan per request). */
export interface StatusSnapshot {
  title: string;
  version: string;
  generatedAt: Date;
  sources: SourceRow[];
  outputs: OutputRow[];
  /** New items and polls per hour over all sources, for the charts. */
  hourly: HourlyTotals;
}

export interface SourceRow {
  key: string;
  name: string;
  /** Already redacted of credentials. */
  url: string;
  state: string;
  lastSuccessAt?: string;
  lastError?: string;
  /** When its current run of failures began, for a failing or backing-off source. */
  failingSince?: string;
  nextAttemptAt?: string;
  items: number;
  movedTo?: string;
  /** Items added per day, oldest first, ending today. */
  addedPerDay: number[];
}

export interface OutputRow {
  name: string;
  title: string;
  links: Array<{ href: string; type: string; format: string }>;
  /** Its newest items, as its readers get them. */
  news: NewsItem[];
}

/** How the polls chart names and colours each outcome (failures in the "bad" colour, s5). */
const POLL_SERIES = [
  ['changed', 'new or changed', 0],
  ['unchanged', 'nothing new', 1],
  ['not-modified', 'not modified (304)', 4],
  ['failed', 'failed', 5],
] as const;

/**
 * The status page: plain server-rendered HTML, no script, every value escaped (feed titles, error
 * messages and URLs all come from other people's servers). Trouble first: counts by state that
 * filter the table, then the charts, the sources with the failing ones on top, and the news.
 */
export function renderStatusPage(snapshot: StatusSnapshot, query: StatusQuery = DEFAULT_QUERY): string {
  const alternates = snapshot.outputs
    .flatMap((output) =>
      output.links.map((link) => `  <link rel="alternate" type="${escapeHtml(link.type)}" title="${escapeHtml(`${output.title} (${link.format})`)}" href="${escapeHtml(link.href)}">`),
    )
    .join('\n');
  const now = snapshot.generatedAt.getTime();
  const shown = arrangeSources(snapshot.sources, query);
  const body = `<header>
  <h1>${escapeHtml(snapshot.title)}</h1>
  <p>Tributary ${escapeHtml(snapshot.version)} · ${number(snapshot.sources.length)} sources · generated ${time(snapshot.generatedAt.toISOString())} · <a href="#sources">sources</a> · <a href="#news">news</a> · <a href="#subscribe">subscribe</a></p>
</header>
${renderSummary(snapshot.sources, query)}
<section class="charts" aria-label="The last 48 hours">
${renderCharts(snapshot.hourly)}
</section>
<section id="sources">
  <h2>Sources${query.state ? `: ${escapeHtml(query.state)} <a class="note" href="${escapeHtml(queryHref({ ...query, state: undefined }))}">show all</a>` : ''}</h2>
  <table>
    <thead><tr>${header(query, 'name', 'Source')}${header(query, 'state', 'State')}${header(query, 'success', 'Last success')}<th>Last error</th><th>Next poll</th>${header(query, 'items', 'Items', 'number')}<th>New per day, 14 days</th></tr></thead>
    <tbody>
${shown.map((source) => renderSource(source, now)).join('\n')}
    </tbody>
  </table>
  ${shown.length === 0 ? '<p class="muted">No source is in this state.</p>' : ''}
</section>
<section id="news">
  <h2>Latest news</h2>
${snapshot.outputs.map(renderNews).join('\n')}
</section>
<section id="subscribe">
  <h2>Subscribe</h2>
  <ul class="outputs">
${snapshot.outputs.map(renderOutput).join('\n')}
  </ul>
</section>`;
  return page(`${snapshot.title}: status`, alternates, body);
}

/** Counts by state, each a link that shows only that state (the current one marked). */
function renderSummary(sources: readonly SourceRow[], query: StatusQuery): string {
  const counts = new Map<string, number>();
  for (const source of sources) counts.set(source.state, (counts.get(source.state) ?? 0) + 1);
  const all = `<a href="${escapeHtml(queryHref({ ...query, state: undefined }))}"${query.state ? '' : ' aria-current="page"'}><span class="n">${number(sources.length)}</span> all</a>`;
  const states = STATES_BY_TROUBLE.map((state) => {
    const current = query.state === state ? ' aria-current="page"' : '';
    return `<a class="state-${stateSlug(state)}" href="${escapeHtml(queryHref({ ...query, state }))}"${current}><span class="n">${number(counts.get(state) ?? 0)}</span> <span class="state">${state}</span></a>`;
  });
  return `<nav class="summary" aria-label="Sources by state">${[all, ...states].join('\n')}</nav>`;
}

function renderCharts(hourly: HourlyTotals): string {
  const axis = hourAxis(hourly);
  const added = stackedBarChart({ id: 'added', title: 'New items per hour, by category (UTC)', bars: hourly.added, ...axis, unit: 'new items' });
  return `${added}\n${pollsChart(hourly, 'polls', 'Polls per hour, by outcome (UTC)')}`;
}

/** Each hour's tooltip label, and a tick every 6 hours (the date at midnight). */
function hourAxis(hourly: HourlyTotals): Pick<StackedBars, 'barLabels' | 'ticks'> {
  const start = hourly.start.getTime();
  const barLabels = hourly.polls.map((_, i) => hourLabel(start + i * HOUR_MS));
  const ticks = hourly.polls.flatMap((_, i): Array<[number, string]> => {
    const at = new Date(start + i * HOUR_MS);
    return at.getUTCHours() % 6 === 0 ? [[i, at.getUTCHours() === 0 ? at.toISOString().slice(5, 10) : `${String(at.getUTCHours()).padStart(2, '0')}:00`]] : [];
  });
  return { barLabels, ticks };
}

/** Polls per hour stacked by outcome: the overview's chart of all sources, and a source page's of one. */
export function pollsChart(hourly: HourlyTotals, id: string, title: string): string {
  return stackedBarChart({
    id,
    title,
    bars: hourly.polls.map((hour) => Object.fromEntries(POLL_SERIES.map(([outcome, label]) => [label, hour[outcome]]))),
    ...hourAxis(hourly),
    unit: 'polls',
    series: POLL_SERIES.map(([, label]) => label),
    colours: POLL_SERIES.map(([, , colour]) => colour),
  });
}

/** How a poll's outcome is named on the pages. */
export const POLL_LABELS = Object.fromEntries(POLL_SERIES.map(([outcome, label]) => [outcome, label])) as Record<PollOutcome, string>;

function hourLabel(ms: number): string {
  const from = new Date(ms).toISOString();
  return `${from.slice(5, 10)} ${from.slice(11, 13)}:00–${new Date(ms + HOUR_MS).toISOString().slice(11, 13)}:00 UTC`;
}

function header(query: StatusQuery, sort: SortKey, label: string, className?: string): string {
  const current = query.sort === sort ? ` aria-sort="${query.descending ? 'descending' : 'ascending'}"` : '';
  const arrow = query.sort === sort ? (query.descending ? ' ↓' : ' ↑') : '';
  return `<th${className ? ` class="${className}"` : ''}${current}><a href="${escapeHtml(sortHref(query, sort))}">${label}${arrow}</a></th>`;
}

/**
 * One row of the table, kept lean (a page of 1,000 sources is about a thousand of these): no
 * indentation, no class per cell (the stylesheet places them by column), times as text (the
 * source's page has them as <time>), and no <bdi> per value, since the stylesheet isolates <strong>,
 * <code> and .url, and a cell is a paragraph of its own. Chromium's time to load the page is its
 * time to parse it: bytes and elements.
 */
function renderSource(source: SourceRow, now: number): string {
  const moved = source.movedTo ? `<div class="note">moved to <code>${escapeHtml(source.movedTo)}</code></div>` : '';
  const since = source.failingSince ? `<div class="note">for ${duration(now - Date.parse(source.failingSince))}</div>` : '';
  const cells = [
    `<a href="/sources/${escapeHtml(source.key)}"><strong>${escapeHtml(source.name)}</strong></a> <code>${escapeHtml(source.key)}</code><div class="url">${escapeHtml(source.url)}</div>${moved}`,
    `${escapeHtml(source.state)}${since}`,
    source.lastSuccessAt ? shortTime(source.lastSuccessAt) : '—',
    source.lastError ? escapeHtml(source.lastError) : '—',
    source.nextAttemptAt ? shortTime(source.nextAttemptAt) : '—',
    number(source.items),
    sparkline(source.addedPerDay),
  ];
  return `<tr class="state-${escapeHtml(stateSlug(source.state))}"><td>${cells.join('</td><td>')}</td></tr>`;
}

function renderNews(output: OutputRow): string {
  const items = output.news.map((item) => `    <li>${renderNewsItem(item)}</li>`).join('\n');
  const list = items ? `  <ul class="news">\n${items}\n  </ul>` : '  <p class="muted">Nothing published yet.</p>';
  return `  <h3>${escapeHtml(output.title)} <code>${escapeHtml(output.name)}</code></h3>\n${list}`;
}

/** One item as a reader sees it: headline linked to the article, then where, when and what enrichment found. */
export function renderNewsItem(item: NewsItem): string {
  const href = item.url && /^https?:\/\//i.test(item.url) ? item.url : undefined;
  const title = href ? `<a href="${escapeHtml(href)}">${text(item.title)}</a>` : text(item.title);
  const story = item.storySources !== undefined && item.storySources > 1 ? `story in ${number(item.storySources)} sources` : undefined;
  const facts = [
    item.source ? text(item.source) : undefined,
    time(item.publishedAt),
    item.lang && escapeHtml(item.lang),
    item.sentiment && escapeHtml(item.sentiment.toLowerCase()),
    item.topics?.length ? text(item.topics.join(', ')) : undefined,
    story,
  ]
    .filter((fact) => fact !== undefined && fact !== '' && fact !== '—')
    .join(' · ');
  const summary = item.summary ? `<div class="summary-text">${text(item.summary)}</div>` : '';
  return `${title} <span class="muted">${facts}</span>${summary}`;
}

function renderOutput(output: OutputRow): string {
  const links = output.links.map((link) => `<a href="${escapeHtml(link.href)}" type="${escapeHtml(link.type)}">${escapeHtml(link.format)}</a>`).join(' · ');
  return `    <li><strong>${escapeHtml(output.title)}</strong> <code>${escapeHtml(output.name)}</code>: ${links}</li>`;
}
