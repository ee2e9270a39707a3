import type { StoryEntry, StoryRegistry } from '../model/story-registry.js';

/** A story as `tributary stories` shows it. */
export interface StoryRow {
  id: string;
  items: number;
  sources: string[];
  /** The earliest member's headline and link that the registry keeps. */
  headline: string;
  link: string | undefined;
  firstAt: string;
  lastAt: string;
}

/** The registry's stories, largest first (items, then sources, then the latest), at most `limit`. Pure. */
export function largestStories(registry: StoryRegistry, limit: number): StoryRow[] {
  return [...registry.stories]
    .sort((a, b) => b.items - a.items || b.sources.length - a.sources.length || Date.parse(b.lastAt) - Date.parse(a.lastAt) || (a.id < b.id ? -1 : 1))
    .slice(0, limit)
    .map(rowOf);
}

function rowOf(entry: StoryEntry): StoryRow {
  const first = entry.members[0];
  return { id: entry.id, items: entry.items, sources: entry.sources, headline: first?.title ?? '', link: first?.link, firstAt: entry.firstAt, lastAt: entry.lastAt };
}

/** How long a story spans, in one unit: `45m`, `6h`, `12d`. */
export function formatSpan(firstAt: string, lastAt: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(lastAt) - Date.parse(firstAt)) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)}h`;
  return `${Math.floor(minutes / (24 * 60))}d`;
}

/** The rows as a table within `width` columns: headlines are cut to fit. */
export function renderStoriesTable(rows: readonly StoryRow[], width: number): string {
  const header = ['STORY', 'ITEMS', 'SOURCES', 'FIRST', 'SPAN', 'HEADLINE'];
  const cells = rows.map((row) => [row.id, String(row.items), String(row.sources.length), row.firstAt.slice(0, 16).replace('T', ' '), formatSpan(row.firstAt, row.lastAt), row.headline]);
  const widths = header.slice(0, -1).map((title, i) => Math.max(title.length, ...cells.map((cell) => cell[i]!.length)));
  const room = Math.max(10, width - widths.reduce((sum, w) => sum + w + 2, 0));
  const line = (cell: readonly string[]) =>
    [...cell.slice(0, -1).map((text, i) => (i === 1 || i === 2 ? text.padStart(widths[i]!) : text.padEnd(widths[i]!))), cut(cell.at(-1)!, room)].join('  ').trimEnd();
  return [line(header), ...cells.map(line)].join('\n');
}

function cut(text: string, room: number): string {
  const chars = [...text.replace(/\s+/g, ' ')];
  return chars.length <= room ? chars.join('') : `${chars.slice(0, room - 1).join('')}…`;
}
