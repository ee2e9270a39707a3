import type { FetchState } from '../model/fetch-state.js';
import { EXIT_BAD_CONFIG, EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { loadConfigOrReport, readStoreOrReport } from './load-or-report.js';
import { nextCronRun } from './next-run.js';
import { buildStatusRows, summarizeStates } from './status-rows.js';
import { listCutDetails, renderStatusTable, TABLE_WIDTH } from './status-table.js';

export interface StatusOptions {
  config: string;
  store?: string;
  /** @default 'table' */
  format?: 'table' | 'json';
}

/**
 * `tributary status`: every configured source with its state, from the fetch state in the store.
 * Reads only; works whether the daemon is running or not. Exit 0; 1 the store cannot be read; 2 bad config.
 */
export async function runStatus(options: StatusOptions): Promise<number> {
  const config = await loadConfigOrReport(options.config);
  if (!config) return EXIT_BAD_CONFIG;
  const read = await readStoreOrReport(options.store, config, async (store) => {
    const states = new Map<string, FetchState | undefined>();
    for (const source of config.sources) states.set(source.key, await store.getState(source.key));
    return states;
  });
  if (!read) return EXIT_FAILURE;
  const states = read.value;

  const now = new Date();
  const rows = buildStatusRows(config.sources, states, { now, defaultSchedule: config.schedule.default, nextRun: nextCronRun });
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify({ generatedAt: now.toISOString(), sources: rows }, null, 2)}\n`);
    return EXIT_OK;
  }
  const width = Math.min(TABLE_WIDTH, process.stdout.columns || TABLE_WIDTH);
  const cut = listCutDetails(rows, now, width);
  process.stdout.write(`${renderStatusTable(rows, now, width)}\n${cut ? `${cut}\n` : ''}${summarizeStates(rows)}\n`);
  return EXIT_OK;
}
