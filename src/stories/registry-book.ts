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
 * entry's counts, sources and first members. Pure; the story pass saves it (`toRegistry`).
 */
export class RegistryBook {
  private readonly events: Map<string, StoryEntry>;
  private readonly stories: Map<string, StoryEntry>;

  constructor(registry?: StoryRegistry) {
    this.events = new Map((registry?.events ?? []).map((entry) => [entry.id, entry]));
    this.stories = new Map((registry?.stories ?? []).map((entry) => [entry.id, entry]));
  }

  /** Records an assignment: a new member counts in both its event and story; a known one (a re-poll) only refreshes what is kept of it. */
  record(assignment: StoryAssignment, member: StoryMember): void {
    add(this.events, assignment.eventId, member, assignment.event === 'known');
    add(this.stories, assignment.storyId, member, assignment.story === 'known');
  }

  /**
   * Drops entries whose last member is older than their window at stream time `streamTime`, and
   * members expired from the store at `nowMs` (an entry left with none goes).
   */
  prune(streamTime: number, nowMs: number, windows: RegistryWindows): void {
    prune(this.events, streamTime - windows.eventWindowHours * HOUR_MS, nowMs);
    prune(this.stories, streamTime - windows.storyWindowDays * 24 * HOUR_MS, nowMs);
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
  if (Date.parse(member.publishedAt) < Date.parse(entry.firstAt)) entry.firstAt = member.publishedAt;
  if (Date.parse(member.publishedAt) > Date.parse(entry.lastAt)) entry.lastAt = member.publishedAt;
  entry.members.sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function prune(entries: Map<string, StoryEntry>, horizonMs: number, nowMs: number): void {
  for (const [id, entry] of entries) {
    if (Date.parse(entry.lastAt) < horizonMs) {
      entries.delete(id);
      continue;
    }
    const kept = entry.members.filter((member) => member.expiresMs === undefined || member.expiresMs > nowMs);
    if (kept.length === entry.members.length) continue;
    if (kept.length === 0) {
      entries.delete(id);
      continue;
    }
    entry.items -= entry.members.length - kept.length;
    entry.members = kept;
    // Every member listed: the sources are theirs; otherwise those of unlisted members are not known apart.
    if (entry.items === kept.length) entry.sources = entry.sources.filter((source) => kept.some((member) => member.source === source));
  }
}
