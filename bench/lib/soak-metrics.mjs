/*
 * Reads what the soak needs from the daemon's Prometheus text (/metrics): memory (prom-client's
 * default metrics, prefixed tributary_), polls per source and status, items stored.
 */

const MB = 2 ** 20;

/**
 * Every sample line as { name, labels, value }; comment lines skipped.
 * @param {string} text
 */
export function parseMetrics(text) {
  /** @type {Array<{ name: string, labels: Record<string, string>, value: number }>} */
  const samples = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    /** @type {Record<string, string>} */
    const labels = {};
    for (const [, key, raw] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[/** @type {string} */ (key)] = String(raw).replace(/\\(.)/g, '$1');
    samples.push({ name: /** @type {string} */ (match[1]), labels, value: Number(match[3]) });
  }
  return samples;
}

/**
 * The memory figures of one scrape, in MB.
 * @param {ReturnType<typeof parseMetrics>} samples
 */
export function memoryOf(samples) {
  const one = (name) => samples.find((s) => s.name === name)?.value ?? Number.NaN;
  return {
    rssMb: one('tributary_process_resident_memory_bytes') / MB,
    heapUsedMb: one('tributary_nodejs_heap_size_used_bytes') / MB,
    heapTotalMb: one('tributary_nodejs_heap_size_total_bytes') / MB,
    externalMb: one('tributary_nodejs_external_memory_bytes') / MB,
  };
}

/**
 * Polls so far: per source (any status) and summed per status.
 * @param {ReturnType<typeof parseMetrics>} samples
 */
export function pollsOf(samples) {
  /** @type {Map<string, number>} */
  const perSource = new Map();
  /** @type {Record<string, number>} */
  const byStatus = {};
  for (const s of samples) {
    if (s.name !== 'tributary_polls_total') continue;
    const source = s.labels.source ?? '';
    const status = s.labels.status ?? '';
    perSource.set(source, (perSource.get(source) ?? 0) + s.value);
    byStatus[status] = (byStatus[status] ?? 0) + s.value;
  }
  const total = Object.values(byStatus).reduce((sum, n) => sum + n, 0);
  // A skipped poll (backing off, or held by a feed hint) makes no request.
  return { perSource, byStatus, total, requesting: total - (byStatus.skipped ?? 0) };
}

/**
 * Items the daemon stored as new so far (summed over sources), and the newest-items index's size.
 * @param {ReturnType<typeof parseMetrics>} samples
 */
export function storeOf(samples) {
  let added = 0;
  let updated = 0;
  for (const s of samples) {
    if (s.name !== 'tributary_items_total') continue;
    if (s.labels.change === 'new') added += s.value;
    else if (s.labels.change === 'updated') updated += s.value;
  }
  return { added, updated, indexed: samples.find((s) => s.name === 'tributary_store_items')?.value ?? Number.NaN };
}
