import { formatRelativeTime } from './relative-time.js';
import type { StatusRow } from './status-rows.js';

/** The terminal width the table is made to fit. */
export const TABLE_WIDTH = 100;
const GAP = '  ';
const MAX_KEY = 24;

interface Column {
  title: string;
  width: number;
  alignRight?: boolean;
  cell: (row: StatusRow) => string;
}

/**
 * The rows as a plain-text table at most `width` columns wide: key, state, last success, next poll,
 * items, and the detail (last error, new URL, why disabled) in whatever room is left. Long keys and
 * details are cut with "…". Pure.
 */
export function renderStatusTable(rows: readonly StatusRow[], now: Date, width = TABLE_WIDTH): string {
  const columns = layColumns(rows, now, width);
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => fit(cell, columns[i]!.width, columns[i]!.alignRight === true))
      .join(GAP)
      .trimEnd();
  return `${[line(columns.map((column) => column.title)), ...rows.map((row) => line(columns.map((column) => column.cell(row))))].join('\n')}\n`;
}

/**
 * The details the table had to cut, in full, one `key: detail` line each (empty when none was cut):
 * the URL a feed moved to is no use with its end missing. These lines may be longer than the table.
 */
export function listCutDetails(rows: readonly StatusRow[], now: Date, width = TABLE_WIDTH): string {
  const detailWidth = layColumns(rows, now, width).at(-1)!.width;
  return rows
    .filter((row) => row.detail !== null && flatten(row.detail).length > detailWidth)
    .map((row) => `${row.key}: ${flatten(row.detail!)}\n`)
    .join('');
}

function layColumns(rows: readonly StatusRow[], now: Date, width: number): Column[] {
  const fixed: Column[] = [
    { title: 'KEY', width: clamp(Math.max(3, ...rows.map((row) => row.key.length)), MAX_KEY), cell: (row) => row.key },
    { title: 'STATE', width: 12, cell: (row) => row.state },
    { title: 'LAST SUCCESS', width: 12, cell: (row) => formatRelativeTime(row.lastSuccessAt ?? undefined, now) },
    { title: 'NEXT POLL', width: 10, cell: (row) => (row.nextPollAt === null ? '-' : formatRelativeTime(row.nextPollAt, now)) },
    { title: 'ITEMS', width: 6, alignRight: true, cell: (row) => String(row.items) },
  ];
  const used = fixed.reduce((sum, column) => sum + column.width + GAP.length, 0);
  return [...fixed, { title: 'DETAIL', width: Math.max(6, width - used), cell: (row) => row.detail ?? '' }];
}

function fit(text: string, width: number, alignRight: boolean): string {
  const flat = flatten(text);
  const cut = flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
  return alignRight ? cut.padStart(width) : cut.padEnd(width);
}

function flatten(text: string): string {
  return text.replace(/\s+/g, ' ');
}

function clamp(value: number, max: number): number {
  return Math.min(value, max);
}
