import { describe, expect, it } from 'vitest';
import type { StoryMember } from '../../src/model/story-registry.js';
import { RegistryBook } from '../../src/stories/registry-book.js';
import type { StoryAssignment } from '../../src/stories/story-clusterer.js';

const WINDOWS = { eventWindowHours: 72, storyWindowDays: 60 };
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function member(key: string, publishedAt: string, extra: Partial<StoryMember> = {}): StoryMember {
  return { key, source: key.split('/')[0]!, title: `title of ${key}`, publishedAt, ...extra };
}

function assignment(eventId: string, storyId: string, kind: 'new' | 'joined' | 'known' = 'joined'): StoryAssignment {
  return { sourceKey: 's', externalId: 'x', eventId, storyId, event: kind, story: kind };
}

describe('the registry book', () => {
  it('keeps members in time order (then key) whatever order they come in, and the first and last times', () => {
    const book = new RegistryBook();
    book.record(assignment('ev_1', 'st_1', 'new'), member('b/2', '2026-01-02T10:00:00.000Z'));
    book.record(assignment('ev_1', 'st_1'), member('a/1', '2026-01-01T10:00:00.000Z'));
    book.record(assignment('ev_1', 'st_1'), member('c/3', '2026-01-03T10:00:00.000Z'));
    book.record(assignment('ev_1', 'st_1'), member('a/0', '2026-01-02T10:00:00.000Z'));
    const [event] = book.toRegistry('r', 0).events;
    expect(event!.members.map((m) => m.key)).toEqual(['a/1', 'a/0', 'b/2', 'c/3']);
    expect([event!.firstAt, event!.lastAt, event!.items]).toEqual(['2026-01-01T10:00:00.000Z', '2026-01-03T10:00:00.000Z', 4]);
    expect(event!.sources).toEqual(['b', 'a', 'c']);
  });

  it('orders times written without milliseconds or with an offset by the instant they name', () => {
    const book = new RegistryBook();
    book.record(assignment('ev_1', 'st_1', 'new'), member('a/1', '2026-01-01T10:00:00.500Z'));
    // 09:30 UTC: before the first member, though it sorts after it as a string.
    book.record(assignment('ev_1', 'st_1'), member('a/2', '2026-01-01T10:30:00+01:00'));
    book.record(assignment('ev_1', 'st_1'), member('a/3', '2026-01-01T11:00:00Z'));
    const [event] = book.toRegistry('r', 0).events;
    expect(event!.members.map((m) => m.key)).toEqual(['a/2', 'a/1', 'a/3']);
    expect([event!.firstAt, event!.lastAt]).toEqual(['2026-01-01T10:30:00+01:00', '2026-01-01T11:00:00Z']);
  });

  it('prunes entries past their window and members expired from the store, and keeps the rest as they are', () => {
    const book = new RegistryBook();
    const at = Date.parse('2026-03-01T00:00:00.000Z');
    const iso = (ms: number) => new Date(ms).toISOString();
    book.record(assignment('ev_old', 'st_1', 'new'), member('a/1', iso(at - 100 * HOUR_MS)));
    book.record(assignment('ev_new', 'st_1', 'new'), member('b/1', iso(at - 10 * HOUR_MS), { expiresMs: 1_000 }));
    book.record(assignment('ev_new', 'st_1'), member('c/1', iso(at - 5 * HOUR_MS), { expiresMs: 5_000 }));
    book.record(assignment('ev_kept', 'st_2', 'new'), member('d/1', iso(at - 71 * HOUR_MS)));
    const kept = book.toRegistry('before', at).events.find((e) => e.id === 'ev_kept');

    book.prune(at, 2_000, WINDOWS);
    const registry = book.toRegistry('after', at);
    expect(registry.events.map((e) => e.id)).toEqual(['ev_new', 'ev_kept']);
    const fresh = registry.events[0]!;
    expect([fresh.items, fresh.members.map((m) => m.key), fresh.sources]).toEqual([1, ['c/1'], ['c']]);
    // An entry with nothing expired is the same object, not a copy.
    expect(registry.events[1]).toBe(kept);
    expect(registry.stories.find((s) => s.id === 'st_1')!.items).toBe(2);
  });

  it('keeps an entry whose listed members expired while it counts more, and refills the list from the members that join after', () => {
    const book = new RegistryBook();
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    const iso = (ms: number) => new Date(ms).toISOString();
    // 60 reports of one story, each stored 30 days: 50 in its first 5 days (all listed), 10 from day 20 to day 38.
    for (let i = 0; i < 60; i++) {
      const at = i < 50 ? start + (i * 5 * DAY_MS) / 50 : start + 20 * DAY_MS + (i - 50) * 2 * DAY_MS;
      book.record(assignment(`ev_${i}`, 'st_big', i === 0 ? 'new' : 'joined'), member(`s${i % 7}/${i}`, iso(at), { expiresMs: at + 30 * DAY_MS }));
    }
    expect(book.toRegistry('r', 0).stories[0]).toMatchObject({ id: 'st_big', items: 60 });
    expect(book.toRegistry('r', 0).stories[0]!.members).toHaveLength(50);

    // Day 36: the 50 listed have expired, the 10 after are still stored.
    book.prune(start + 40 * DAY_MS, start + 36 * DAY_MS, WINDOWS);
    const story = book.toRegistry('r2', start + 40 * DAY_MS).stories.find((entry) => entry.id === 'st_big');
    expect(story).toMatchObject({ items: 10, firstAt: iso(start), members: [] });
    expect(story!.sources).toHaveLength(7);

    book.record(assignment('ev_60', 'st_big'), member('s1/60', iso(start + 41 * DAY_MS), { expiresMs: start + 71 * DAY_MS }));
    const grown = book.toRegistry('r3', start + 41 * DAY_MS).stories.find((entry) => entry.id === 'st_big')!;
    expect(grown).toMatchObject({ items: 11, firstAt: iso(start), lastAt: iso(start + 41 * DAY_MS) });
    expect(grown.members.map((m) => m.key)).toEqual(['s1/60']);
    // The events of one report each went with it, or with their 72-hour window.
    expect(book.toRegistry('r3', start + 41 * DAY_MS).events.map((entry) => entry.id)).toEqual(['ev_59', 'ev_60']);
  });

  it('knows when its next listed member expires, before and after a prune', () => {
    const book = new RegistryBook();
    expect(book.nextExpiryMs()).toBe(Number.POSITIVE_INFINITY);
    book.record(assignment('ev_1', 'st_1', 'new'), member('a/1', '2026-01-01T10:00:00.000Z', { expiresMs: 5_000 }));
    book.record(assignment('ev_1', 'st_1'), member('b/1', '2026-01-01T11:00:00.000Z', { expiresMs: 3_000 }));
    book.record(assignment('ev_2', 'st_2', 'new'), member('c/1', '2026-01-01T12:00:00.000Z'));
    expect(book.nextExpiryMs()).toBe(3_000);
    expect(new RegistryBook(book.toRegistry('r', 0)).nextExpiryMs()).toBe(3_000);
    expect(book.prune(Date.parse('2026-01-01T12:00:00.000Z'), 2_999, WINDOWS)).toBe(false);
    expect(book.prune(Date.parse('2026-01-01T12:00:00.000Z'), 3_000, WINDOWS)).toBe(true);
    expect(book.nextExpiryMs()).toBe(5_000);
  });
});
