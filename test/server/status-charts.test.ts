import { describe, expect, it } from 'vitest';
import { MAX_SERIES, sparkline, stackedBarChart } from '../../src/server/status-charts.js';

const chart = (bars: Array<Record<string, number>>, extra: Partial<Parameters<typeof stackedBarChart>[0]> = {}) =>
  stackedBarChart({ id: 'added', title: 'New items per hour', bars, barLabels: bars.map((_, i) => `hour ${i}`), ticks: [[0, '00:00']], unit: 'new items', ...extra });

/** The drawn rectangles (not the transparent hover targets): class, x, height. */
function rects(svg: string): Array<{ cls: string; x: number; height: number }> {
  return [...svg.matchAll(/<rect class="(s\d)" x="([\d.]+)" y="[\d.]+" width="[\d.]+" height="([\d.]+)"\/>/g)].map((m) => ({ cls: m[1]!, x: Number(m[2]), height: Number(m[3]) }));
}

describe('a stacked bar chart', () => {
  it('draws each series of each bar in proportion, the tallest bar filling the plot', () => {
    const svg = chart([{ BTC: 10, AI: 30 }, { BTC: 20 }, {}]);
    const drawn = rects(svg);
    // Series by total, largest first: AI (30) is s0, BTC (30 too, but after AI by name) s1.
    expect(drawn.map((r) => r.cls)).toEqual(['s0', 's1', 's1']);
    const [ai, btc0, btc1] = drawn;
    expect(ai!.height + btc0!.height).toBeCloseTo(140, 0);
    expect(btc1!.height).toBeCloseTo(70, 0);
    expect(btc1!.x).toBeGreaterThan(ai!.x);
  });

  it('gives every bar, empty ones too, a tooltip with its label, total and parts', () => {
    const svg = chart([{ BTC: 2, AI: 1 }, {}]);
    expect(svg).toContain('<title>hour 0: 3 new items (BTC 2, AI 1)</title>');
    expect(svg).toContain('<title>hour 1: 0 new items</title>');
  });

  it('has a text alternative: the total, each series and the busiest bar', () => {
    const svg = chart([{ BTC: 2 }, { BTC: 5, AI: 1 }]);
    expect(svg).toMatch(/role="img" aria-labelledby="added-title added-desc"/);
    expect(svg).toContain('<desc id="added-desc">8 new items in 2 bars: BTC 7, AI 1. Most in hour 1: 6.</desc>');
    expect(chart([{}, {}])).toContain('No new items in this period.');
  });

  it(`colours at most ${MAX_SERIES} series apart and draws the rest together as "other"`, () => {
    const bar = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`cat${i}`, 20 - i]));
    const svg = chart([bar]);
    const legend = [...svg.matchAll(/<li><i class="k(\d)"><\/i>([^<]+)<\/li>/g)].map((m) => m[2]);
    expect(legend).toEqual(['cat0 20', 'cat1 19', 'cat2 18', 'cat3 17', 'cat4 16', `other ${15 + 14 + 13 + 12}`]);
  });

  it('takes fixed series with their own colours', () => {
    const svg = chart([{ failed: 1, ok: 1 }], { series: ['ok', 'failed'], colours: [1, 5] });
    expect(rects(svg).map((r) => r.cls)).toEqual(['s1', 's5']);
    expect(svg).toContain('<li><i class="k5"></i>failed 1</li>');
  });

  it('escapes what it is given to show', () => {
    const svg = chart([{ '<script>alert(1)</script>': 1 }], { title: 'a & b' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; 1');
    expect(svg).toContain('a &amp; b');
  });
});

describe('a sparkline', () => {
  it('draws a bar per non-zero value, the largest full height, and says its values', () => {
    const svg = sparkline([0, 2, 4]);
    expect(svg).toBe('<svg class="spark" viewBox="0 0 12 14" role="img" aria-label="0,2,4"><path d="M5.5 14v-7M9.5 14v-14"/></svg>');
  });

  it('draws nothing, and no division by zero, when every value is zero', () => {
    expect(sparkline([0, 0])).toContain('<path d=""/>');
  });
});
