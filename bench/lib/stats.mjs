/** @param {readonly number[]} values */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? /** @type {number} */ (sorted[mid]) : /** @type {number} */ (sorted[mid - 1] + /** @type {number} */ (sorted[mid])) / 2;
}

/** @param {readonly number[]} values */
export function spread(values) {
  return values.length === 0 ? Number.NaN : Math.max(...values) - Math.min(...values);
}

/**
 * Median of the per-run ratios a[i]/b[i]: each ratio comes from one run, side by side.
 * @param {readonly number[]} a
 * @param {readonly number[]} b
 */
export function medianRatio(a, b) {
  return median(a.map((value, i) => value / /** @type {number} */ (b[i])));
}

/** @param {number} value @param {number} [digits] */
export function fixed(value, digits = 2) {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}
