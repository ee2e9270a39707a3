import { describe, expect, it } from 'vitest';
import { isSameIndex, readIndex, updateIndex, type IndexEntry } from '../../src/store/newest-index.js';

const NOW = 1_000_000;
const options = { nowMs: NOW, capacity: 10 };

describe('updateIndex', () => {
  it('orders entries newest first, ties by key', () => {
    const next = updateIndex([['b', 5, NOW + 1]], [['c', 9, NOW + 1], ['a', 5, NOW + 1]], options);
    expect(next.map(([key]) => key)).toEqual(['c', 'a', 'b']);
  });

  it('replaces an entry with the same key', () => {
    const next = updateIndex([['a', 5, NOW + 1]], [['a', 5, NOW + 99]], options);
    expect(next).toEqual([['a', 5, NOW + 99]]);
  });

  it('drops entries whose items have expired', () => {
    const next = updateIndex([['gone', 9, NOW], ['kept', 1, NOW + 1]], [], options);
    expect(next.map(([key]) => key)).toEqual(['kept']);
  });

  it('keeps the newest entries up to the capacity', () => {
    const entries: IndexEntry[] = [1, 2, 3, 4].map((ms) => [`k${ms}`, ms, NOW + 1]);
    expect(updateIndex([], entries, { nowMs: NOW, capacity: 2 }).map(([key]) => key)).toEqual(['k4', 'k3']);
  });
});

describe('readIndex', () => {
  it('reads a missing or malformed index as empty', () => {
    expect(readIndex(undefined)).toEqual([]);
    expect(readIndex([['a', 1]])).toEqual([]);
    expect(readIndex({ not: 'an index' })).toEqual([]);
  });
});

describe('isSameIndex', () => {
  it('compares every field of every entry', () => {
    expect(isSameIndex([['a', 1, 2]], [['a', 1, 2]])).toBe(true);
    expect(isSameIndex([['a', 1, 2]], [['a', 1, 3]])).toBe(false);
    expect(isSameIndex([['a', 1, 2]], [])).toBe(false);
  });
});
