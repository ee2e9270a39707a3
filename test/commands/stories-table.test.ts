import { describe, expect, it } from 'vitest';
import type { StoryEntry, StoryRegistry } from '../../src/model/story-registry.js';
import { formatSpan, largestStories, renderStoriesTable } from '../../src/commands/stories-table.js';

function story(id: string, items: number, sources: string[], firstAt: string, lastAt: string, title = `Headline of ${id}`): StoryEntry {
  return { id, items, sources, firstAt, lastAt, members: [{ key: `item:${id}`, source: sources[0]!, title, publishedAt: firstAt }] };
}

const registry = (stories: StoryEntry[]): StoryRegistry => ({ version: 1, revision: 'r', streamTime: 0, events: [], stories });

describe('the stories table', () => {
  it('puts the largest stories first: items, then sources, then the latest', () => {
    const rows = largestStories(
      registry([
        story('st_small', 1, ['a'], '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
        story('st_big', 5, ['a'], '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
        story('st_wide', 3, ['a', 'b'], '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
        story('st_narrow_late', 3, ['a'], '2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z'),
        story('st_narrow', 3, ['a'], '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'),
      ]),
      4,
    );
    expect(rows.map((row) => row.id)).toEqual(['st_big', 'st_wide', 'st_narrow_late', 'st_narrow']);
    expect(rows[0]).toMatchObject({ headline: 'Headline of st_big', items: 5, sources: ['a'] });
  });

  it('gives a time span in one unit', () => {
    expect(formatSpan('2026-01-01T00:00:00Z', '2026-01-01T00:45:00Z')).toBe('45m');
    expect(formatSpan('2026-01-01T00:00:00Z', '2026-01-02T23:00:00Z')).toBe('47h');
    expect(formatSpan('2026-01-01T00:00:00Z', '2026-01-13T01:00:00Z')).toBe('12d');
  });

  it('cuts headlines to the width, and aligns the columns', () => {
    const rows = largestStories(registry([story('st_a', 12, ['a', 'b', 'c'], '2026-01-01T08:30:00Z', '2026-01-02T08:30:00Z', 'A very long headline '.repeat(10))]), 10);
    const table = renderStoriesTable(rows, 80);
    const [header, line] = table.split('\n');
    expect(header).toBe('STORY  ITEMS  SOURCES  FIRST             SPAN  HEADLINE');
    expect(line!.length).toBe(80);
    expect(line!.startsWith('st_a      12        3  2026-01-01 08:30  24h   A very long headline A very')).toBe(true);
    expect(line!.endsWith('…')).toBe(true);
  });
});
