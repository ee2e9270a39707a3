import { escapeHtml, number } from './html.js';

/*
 * Inline SVG charts, drawn on the server: no script and nothing fetched, so the page's
 * Content-Security-Policy stays as strict as it is. Colours are CSS classes (s0…s6), which the
 * page's stylesheet sets for light and dark schemes alike.
 */

/** The most series a chart colours apart; the rest are drawn together as "other". */
export const MAX_SERIES = 6;
const OTHER = 'other';

export interface StackedBars {
  /** Unique on the page: the chart's title and description are referenced by it. */
  id: string;
  title: string;
  /** Per bar, the value of each series (missing: 0). */
  bars: ReadonlyArray<Readonly<Record<string, number>>>;
  /** Per bar, the label its tooltip starts with (`14:00–15:00 UTC`). */
  barLabels: readonly string[];
  /** Axis labels under some bars: [bar index, text]. */
  ticks: ReadonlyArray<readonly [number, string]>;
  /** What a value counts, in the plural (`new items`, `polls`). */
  unit: string;
  /** The series in stacking order; default: by total, largest first, beyond MAX_SERIES merged as "other". */
  series?: readonly string[];
  /** With `series`: the colour class (0…6) of each; default: in order. */
  colours?: readonly number[];
}

const WIDTH = 720;
const HEIGHT = 170;
const TOP = 12;
const BOTTOM = 18;
const LEFT = 34;

/** A stacked bar chart with its legend, a tooltip per bar and a text alternative. */
export function stackedBarChart(chart: StackedBars): string {
  const { series, bars } = seriesOf(chart);
  const colour = (s: number) => chart.colours?.[s] ?? s;
  const totals = bars.map((bar) => series.reduce((sum, name) => sum + (bar[name] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const step = (WIDTH - LEFT) / Math.max(1, bars.length);
  const barWidth = Math.max(1, step - 2);
  const y = (value: number) => (value / max) * plotHeight;

  const rects = bars.map((bar, i) => {
    const x = LEFT + i * step + 1;
    let base = HEIGHT - BOTTOM;
    const parts = series.map((name, s) => {
      const value = bar[name] ?? 0;
      if (value <= 0) return '';
      const height = y(value);
      base -= height;
      return `<rect class="s${colour(s)}" x="${fixed(x)}" y="${fixed(base)}" width="${fixed(barWidth)}" height="${fixed(height)}"/>`;
    });
    const detail = series.filter((name) => (bar[name] ?? 0) > 0).map((name) => `${name} ${number(bar[name]!)}`);
    const tooltip = `${chart.barLabels[i] ?? ''}: ${number(totals[i]!)} ${chart.unit}${detail.length > 0 ? ` (${detail.join(', ')})` : ''}`;
    // The hover target spans the bar's whole column, so an empty hour has a tooltip too.
    return `<g><title>${escapeHtml(tooltip)}</title><rect x="${fixed(x)}" y="${TOP}" width="${fixed(barWidth)}" height="${plotHeight}" fill="transparent"/>${parts.join('')}</g>`;
  });
  const ticks = chart.ticks.map(([at, label]) => `<text x="${fixed(LEFT + at * step + 1)}" y="${HEIGHT - 4}">${escapeHtml(label)}</text>`);
  const axis = `<line class="axis" x1="${LEFT}" y1="${HEIGHT - BOTTOM + 0.5}" x2="${WIDTH}" y2="${HEIGHT - BOTTOM + 0.5}"/><text x="0" y="${TOP + 8}">${number(max)}</text><text x="0" y="${HEIGHT - BOTTOM}">0</text>`;
  const legend = series.map((name, s) => `<li><i class="k${colour(s)}"></i>${escapeHtml(name)} ${number(bars.reduce((sum, bar) => sum + (bar[name] ?? 0), 0))}</li>`).join('');

  return `<figure>
  <figcaption id="${chart.id}-title">${escapeHtml(chart.title)}</figcaption>
  <svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${chart.id}-title ${chart.id}-desc"><desc id="${chart.id}-desc">${escapeHtml(describe(chart, totals, series, bars))}</desc>${axis}${rects.join('')}${ticks.join('')}</svg>
  <ul class="legend">${legend}</ul>
</figure>`;
}

/** The chart's text alternative: the total, each series' share and the busiest bar. */
function describe(chart: StackedBars, totals: number[], series: string[], bars: Array<Record<string, number>>): string {
  const total = totals.reduce((sum, value) => sum + value, 0);
  if (total === 0) return `No ${chart.unit} in this period.`;
  const peak = totals.indexOf(Math.max(...totals));
  const shares = series.map((name) => `${name} ${number(bars.reduce((sum, bar) => sum + (bar[name] ?? 0), 0))}`).join(', ');
  return `${number(total)} ${chart.unit} in ${bars.length} bars: ${shares}. Most in ${chart.barLabels[peak] ?? `bar ${peak + 1}`}: ${number(totals[peak]!)}.`;
}

/** The series to draw, and the bars with any beyond MAX_SERIES merged into "other". */
function seriesOf(chart: StackedBars): { series: string[]; bars: Array<Record<string, number>> } {
  if (chart.series) return { series: [...chart.series], bars: chart.bars.map((bar) => ({ ...bar })) };
  const totals = new Map<string, number>();
  for (const bar of chart.bars) for (const [name, value] of Object.entries(bar)) totals.set(name, (totals.get(name) ?? 0) + value);
  const ranked = [...totals.entries()].filter(([, total]) => total > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (ranked.length <= MAX_SERIES) return { series: ranked.map(([name]) => name), bars: chart.bars.map((bar) => ({ ...bar })) };
  const kept = new Set(ranked.slice(0, MAX_SERIES - 1).map(([name]) => name));
  const bars = chart.bars.map((bar) => {
    const merged: Record<string, number> = {};
    for (const [name, value] of Object.entries(bar)) {
      const key = kept.has(name) ? name : OTHER;
      merged[key] = (merged[key] ?? 0) + value;
    }
    return merged;
  });
  return { series: [...kept, OTHER], bars };
}

/**
 * A small bar sparkline of a few values (items per day): one stroked path, a bar per non-zero
 * value, its values as its text alternative (the column header says what they count). Lean, as
 * the table has one per source.
 */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(1, ...values);
  const path = values.map((value, i) => (value > 0 ? `M${i * SPARK_STEP + 1.5} ${SPARK_HEIGHT}v-${Math.max(1, Math.round((value / max) * SPARK_HEIGHT))}` : '')).join('');
  return `<svg class="spark" viewBox="0 0 ${values.length * SPARK_STEP} ${SPARK_HEIGHT}" role="img" aria-label="${values.join(',')}"><path d="${path}"/></svg>`;
}

const SPARK_STEP = 4;
const SPARK_HEIGHT = 14;

function fixed(value: number): string {
  return String(Math.round(value * 10) / 10);
}
