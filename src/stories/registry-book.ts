import { MAX_REGISTRY_MEMBERS, STORY_REGISTRY_VERSION, type StoryEntry, type StoryMember, type StoryRegistry } from '../model/story-registry.js';
import type { StoryAssignment } from './story-clusterer.js';

const HOUR_MS = 3_600_000;

/** The windows the registry keeps entries for: the clusterer's. */
export interface RegistryWindows {
  eventWindowHours: number;
  storyWindowDays: number;
}

/**
 * The registry of the events and stories still open, kept up to date as items are assigned: each
 * entry's counts, sources and listed members. Pure; the story pass saves it (`toRegistry`).
 *
 * An entry lists at most MAX_REGISTRY_MEMBERS members still stored: its first ones, and as those
 * expire, the ones that join after. `items` counts the members assigned less the listed ones that
 * expired (members never listed are counted until the entry leaves its window); `firstAt` is when
 * the entry began, though that member may have expired since.
 */
export class RegistryBook {
  private readonly events: Map<string, StoryEntry>;
  private readonly stories: Map<string, StoryEntry>;
  /** The earliest expiry of a listed member (epoch ms), or earlier: a member refreshed since may have held it. */
  private earliestExpiryMs: number;

  constructor(registry?: StoryRegistry) {
    this.events = new Map((registry?.events ?? []).map((entry) => [entry.id, entry]));
    this.stories = new Map((registry?.stories ?? []).map((entry) => [entry.id, entry]));
    this.earliestExpiryMs = Math.min(earliestExpiry(this.events), earliestExpiry(this.stories));
  }

  /** Records an assignment: a new member counts in both its event and story; a known one (a re-poll) only refreshes what is kept of it. */
  record(assignment: StoryAssignment, member: StoryMember): void {
    add(this.events, assignment.eventId, member, assignment.event === 'known');
    add(this.stories, assignment.storyId, member, assignment.story === 'known');
    if (member.expiresMs !== undefined && member.expiresMs < this.earliestExpiryMs) this.earliestExpiryMs = member.expiresMs;
  }

  /** When a listed member expires next, or earlier (epoch ms; Infinity: none will): a prune before then finds none expired. */
  nextExpiryMs(): number {
    return this.earliestExpiryMs;
  }

  /**
   * Drops entries whose last member is older than their window at stream time `streamTime`, and
   * members expired from the store at `nowMs` (an entry left with no items goes). Whether it dropped anything.
   */
  prune(streamTime: number, nowMs: number, windows: RegistryWindows): boolean {
    const events = prune(this.events, streamTime - windows.eventWindowHours * HOUR_MS, nowMs);
    const stories = prune(this.stories, streamTime - windows.storyWindowDays * 24 * HOUR_MS, nowMs);
    this.earliestExpiryMs = Math.min(events.earliestExpiryMs, stories.earliestExpiryMs);
    return events.dropped || stories.dropped;
  }

  toRegistry(revision: string, streamTime: number): StoryRegistry {
    return { version: STORY_REGISTRY_VERSION, revision, streamTime, events: [...this.events.values()], stories: [...this.stories.values()] };
  }
}

function add(entries: Map<string, StoryEntry>, id: string, member: StoryMember, known: boolean): void {
  const entry = entries.get(id);
  if (!entry) {
    // A known item of an entry the registry does not hold (dropped since): not counted again.
    if (!known) entries.set(id, { id, items: 1, sources: [member.source], firstAt: member.publishedAt, lastAt: member.publishedAt, members: [member] });
    return;
  }
  const at = entry.members.findIndex((kept) => kept.key === member.key);
  if (at >= 0) entry.members[at] = member;
  else if (!known) {
    entry.items += 1;
    if (entry.members.length < MAX_REGISTRY_MEMBERS) entry.members.push(member);
  }
  if (!entry.sources.includes(member.source)) entry.sources.push(member.source);
  if (compareTimes(member.publishedAt, entry.firstAt) < 0) entry.firstAt = member.publishedAt;
  if (compareTimes(member.publishedAt, entry.lastAt) > 0) entry.lastAt = member.publishedAt;
  // Members mostly come in order: sorted only when one does not.
  if (!isSorted(entry.members)) entry.members.sort(byTimeThenKey);
}

function byTimeThenKey(a: StoryMember, b: StoryMember): number {
  return compareTimes(a.publishedAt, b.publishedAt) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function isSorted(members: readonly StoryMember[]): boolean {
  for (let i = 1; i < members.length; i++) if (byTimeThenKey(members[i - 1]!, members[i]!) > 0) return false;
  return true;
}

/**
 * Orders two ISO times. The store's times are all written by toISOString (24 characters, UTC), which
 * order as strings: every run of the pass checks every open entry's times, and Date.parse of tens of
 * thousands of them was most of a run with little to assign. Any other form is parsed.
 */
function compareTimes(a: string, b: string): number {
  if (a.length === 24 && b.length === 24 && a.endsWith('Z') && b.endsWith('Z')) return a < b ? -1 : a > b ? 1 : 0;
  return Date.parse(a) - Date.parse(b);
}

/** Prunes `entries` in place: whether it dropped anything, and the earliest expiry of the members it kept. */
function prune(entries: Map<string, StoryEntry>, horizonMs: number, nowMs: number): { dropped: boolean; earliestExpiryMs: number } {
  const horizon = new Date(horizonMs).toISOString();
  let dropped = false;
  let earliestExpiryMs = Number.POSITIVE_INFINITY;
  for (const [id, entry] of entries) {
    if (compareTimes(entry.lastAt, horizon) < 0) {
      entries.delete(id);
      dropped = true;
      continue;
    }
    let expired = 0;
    for (const { expiresMs } of entry.members) {
      if (expiresMs === undefined) continue;
      if (expiresMs <= nowMs) expired++;
      else if (expiresMs < earliestExpiryMs) earliestExpiryMs = expiresMs;
    }
    if (expired === 0) continue;
    dropped = true;
    entry.items -= expired;
    if (entry.items <= 0) {
      entries.delete(id);
      continue;
    }
    // Members that join later take the places freed (add).
    const kept = entry.members.filter((member) => member.expiresMs === undefined || member.expiresMs > nowMs);
    entry.members = kept;
    // Every member listed: the sources are theirs; otherwise those of unlisted members are not known apart.
    if (entry.items === kept.length) entry.sources = entry.sources.filter((source) => kept.some((member) => member.source === source));
  }
  return { dropped, earliestExpiryMs };
}

function earliestExpiry(entries: ReadonlyMap<string, StoryEntry>): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (const entry of entries.values()) {
    for (const member of entry.members) if (member.expiresMs !== undefined && member.expiresMs < earliest) earliest = member.expiresMs;
  }
  return earliest;
}
