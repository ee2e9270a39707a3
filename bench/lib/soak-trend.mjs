/*
 * Does a series trend upward? A least-squares slope over the cycles after the warm-up, and the
 * mean of the last quarter of the cycles against the mean of the second quarter (the first
 * quarter holds the warm-up).
 */

/** @param {readonly number[]} values */
export function mean(values) {
  return values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * Least-squares slope of y over x.
 * @param {readonly number[]} xs @param {readonly number[]} ys
 */
export function slope(xs, ys) {
  const mx = mean(xs);
  const my = mean(ys);
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * /** @type {number} */ (ys[i] - my);
    den += (x - mx) ** 2;
  });
  return den === 0 ? Number.NaN : num / den;
}

/**
 * @typedef {{ maxSlopePerCycle: number, maxQuarterRatio: number, warmupCycles: number }} TrendCriterion
 * @typedef {{ slopePerCycle: number, slopePer100: number, fittedCycles: [number, number], secondQuarter: [number, number], lastQuarter: [number, number], secondQuarterMean: number, lastQuarterMean: number, quarterRatio: number, met: boolean }} Trend
 */

/**
 * The trend of `value` over rows numbered 1..C by `cycle` (a row 0, the cold start, is ignored).
 * @param {ReadonlyArray<{ cycle: number }>} rows
 * @param {(row: any) => number} value
 * @param {TrendCriterion} criterion
 * @returns {Trend}
 */
export function trendOf(rows, value, criterion) {
  const cycles = rows.filter((row) => row.cycle >= 1 && Number.isFinite(value(row)));
  const last = Math.max(0, ...cycles.map((row) => row.cycle));
  const fitted = cycles.filter((row) => row.cycle > criterion.warmupCycles);
  const slopePerCycle = slope(
    fitted.map((row) => row.cycle),
    fitted.map(value),
  );
  const quarter = last / 4;
  /** @param {number} from @param {number} to */
  const span = (from, to) => /** @type {[number, number]} */ ([Math.floor(from) + 1, Math.floor(to)]);
  const secondQuarter = span(quarter, 2 * quarter);
  const lastQuarter = span(3 * quarter, last);
  /** @param {[number, number]} range */
  const meanIn = ([from, to]) => mean(cycles.filter((row) => row.cycle >= from && row.cycle <= to).map(value));
  const secondQuarterMean = meanIn(secondQuarter);
  const lastQuarterMean = meanIn(lastQuarter);
  const quarterRatio = lastQuarterMean / secondQuarterMean;
  return {
    slopePerCycle,
    slopePer100: slopePerCycle * 100,
    fittedCycles: [criterion.warmupCycles + 1, last],
    secondQuarter,
    lastQuarter,
    secondQuarterMean,
    lastQuarterMean,
    quarterRatio,
    met: slopePerCycle < criterion.maxSlopePerCycle && quarterRatio <= criterion.maxQuarterRatio,
  };
}
