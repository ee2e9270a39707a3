import { describe, expect, it } from 'vitest';
import type { StoryMember } from '../../src/model/story-registry.js';
import { RegistryBook } from '../../src/stories/registry-book.js';
import type { StoryAssignment } from '../../src/stories/story-clusterer.js';

const WINDOWS = { eventWindowHours: 72, storyWindowDays: 60 };
const HOUR_MS = 3_600_000;

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
});
