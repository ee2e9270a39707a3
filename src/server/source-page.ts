import type { SourceConfig } from '../config/schema.js';
import type { FetchState } from '../model/fetch-state.js';
import type { Item } from '../model/item.js';
import { redactUri } from '../model/redact-uri.js';
import { addedPerDay, DAY_MS, hourlyTotals, pollsOf, type PollRecord } from '../model/source-activity.js';
import type { SourceStatus } from '../model/source-status.js';
import { duration, escapeHtml, number, page, text, time } from './html.js';
import { shortSummary } from './news-digest.js';
import { stackedBarChart } from './status-charts.js';
import { POLL_LABELS, pollsChart, renderNewsItem } from './status-page.js';
import { stateSlug } from './status-query.js';

/** Everything the page of one source shows. */
export interface SourcePageData {
  /** The merged feed's title, for the page title. */
  siteTitle: string;
  generatedAt: Date;
  source: SourceConfig;
  status: SourceStatus;
  /** Its saved state, when it is about the URL configured now. */
  state?: FetchState;
  /** What its own document says about itself. */
  feed?: { title?: string; link?: string };
  /** Its newest stored items, newest first. */
  items: Item[];
}

/** `/sources/<key>`: one source's state and history, its feed, its newest items, what enrichment made of them, and its config entry. */
export function renderSourcePage(data: SourcePageData): string {
  const { source, status, state } = data;
  const now = data.generatedAt.getTime();
  const body = `<header>
  <p><a href="/">← all sources</a></p>
  <h1>${text(source.name)} <code>${escapeHtml(source.key)}</code></h1>
  <p class="state-${escapeHtml(stateSlug(status.state))}"><span class="state">${escapeHtml(status.state)}</span>${status.detail ? `: ${text(status.detail)}` : ''}</p>
</header>
<section>
  <h2>State</h2>
  <table>
    <tbody>
${facts([
  ['Failing for', state?.failingSince && status.detail ? `${duration(now - Date.parse(state.failingSince))}, since ${time(state.failingSince)}` : undefined],
  ['Last poll', time(state?.lastAttemptAt)],
  ['Last success', time(state?.lastSuccessAt)],
  ['Next poll not before', status.notBefore ? time(status.notBefore) : undefined],
  ['Failures in a row', state && state.consecutiveErrors > 0 ? number(state.consecutiveErrors) : undefined],
  ['Items taken', number(state?.itemsSeen ?? 0)],
  ['Feed URL', text(redactUri(source.url))],
  ['Moved to', state?.movedTo ? text(state.movedTo) : undefined],
  ["Feed's own title", data.feed?.title ? text(data.feed.title) : undefined],
  ["Feed's own link", data.feed?.link ? link(data.feed.link) : undefined],
])}
    </tbody>
  </table>
</section>
<section class="charts" aria-label="History">
${renderHistoryCharts(state, data.generatedAt)}
</section>
<section>
  <h2>Recent polls</h2>
${renderPolls(pollsOf(state?.activity))}
</section>
<section>
  <h2>Newest items</h2>
${renderItems(data.items)}
</section>
<section>
  <h2>What enrichment found</h2>
  <p class="muted">Over the ${number(data.items.length)} newest items above.</p>
${renderEnrichment(data.items)}
</section>
<section>
  <h2>Config entry</h2>
  <pre>${escapeHtml(JSON.stringify(redactedEntry(source), null, 2))}</pre>
</section>`;
  return page(`${data.siteTitle}: ${source.name}`, '', body);
}

function facts(rows: Array<[string, string | undefined]>): string {
  return rows
    .filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '—')
    .map(([label, value]) => `      <tr><th scope="row">${escapeHtml(label)}</th><td>${value}</td></tr>`)
    .join('\n');
}

function link(href: string): string {
  return /^https?:\/\//i.test(href) ? `<a href="${escapeHtml(href)}">${text(href)}</a>` : text(href);
}

function renderHistoryCharts(state: FetchState | undefined, now: Date): string {
  const polls = pollsChart(hourlyTotals([state?.activity], now), 'source-polls', 'Polls per hour, last 48 hours (UTC)');
  const days = addedPerDay(state?.activity, now);
  const today = Math.floor(now.getTime() / DAY_MS);
  const dayLabels = days.map((_, i) => new Date((today - days.length + 1 + i) * DAY_MS).toISOString().slice(0, 10));
  const perDay = stackedBarChart({
    id: 'source-days',
    title: `New items per day, last ${days.length} days`,
    bars: days.map((n) => ({ 'new items': n })),
    barLabels: dayLabels,
    ticks: dayLabels.flatMap((label, i): Array<[number, string]> => (i % 7 === 0 ? [[i, label.slice(5)]] : [])),
    unit: 'new items',
    series: ['new items'],
  });
  return `${polls}\n${perDay}`;
}

function renderPolls(polls: readonly PollRecord[]): string {
  if (polls.length === 0) return '  <p class="muted">No poll recorded yet.</p>';
  const rows = [...polls]
    .reverse()
    .map(
      (poll) =>
        `      <tr class="outcome-${poll.outcome}"><td>${time(poll.at)}</td><td>${POLL_LABELS[poll.outcome]}</td><td class="number">${poll.status ?? '—'}</td><td class="number">${poll.durationMs === undefined ? '—' : `${number(poll.durationMs)} ms`}</td><td class="number">${number(poll.added)}</td><td class="number">${number(poll.updated)}</td><td>${poll.error ? text(poll.error) : ''}</td></tr>`,
    );
  return `  <table>
    <thead><tr><th>When</th><th>Outcome</th><th class="number">HTTP</th><th class="number">Took</th><th class="number">Added</th><th class="number">Updated</th><th>Error</th></tr></thead>
    <tbody>
${rows.join('\n')}
    </tbody>
  </table>`;
}

function renderItems(items: readonly Item[]): string {
  if (items.length === 0) return '  <p class="muted">No item stored from its last document.</p>';
  const rows = items.map(
    (item) =>
      `    <li>${renderNewsItem({ title: item.title, url: item.link, source: '', publishedAt: item.publishedAt, lang: item.lang, sentiment: item.sentiment?.label, topics: item.topics, summary: item.description ? shortSummary(item.description) : undefined })}</li>`,
  );
  return `  <ul class="news">\n${rows.join('\n')}\n  </ul>`;
}

/** Counts of languages, sentiments, topics and categories over the items, most frequent first. */
function renderEnrichment(items: readonly Item[]): string {
  const tally = (values: Array<string | undefined>) => {
    const counts = new Map<string, number>();
    for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return ranked.length === 0 ? '—' : ranked.map(([value, n]) => `${text(value)} ${number(n)}`).join(', ');
  };
  return `  <table>
    <tbody>
${facts([
  ['Languages', tally(items.map((item) => item.lang))],
  ['Sentiment', tally(items.map((item) => item.sentiment?.label.toLowerCase()))],
  ['Topics', tally(items.flatMap((item) => item.topics ?? []))],
  ['Categories', tally(items.map((item) => item.category))],
])}
    </tbody>
  </table>`;
}

/** The source's config entry as loaded, with its URL's credentials and every header value hidden (headers carry tokens). */
export function redactedEntry(source: SourceConfig): SourceConfig {
  const headers = source.headers ? Object.fromEntries(Object.keys(source.headers).map((name) => [name, '***'])) : undefined;
  return { ...source, url: redactUri(source.url), ...(headers ? { headers } : {}) };
}
