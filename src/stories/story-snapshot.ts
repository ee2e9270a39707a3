import type { ClusterState } from './cluster-level.js';
import { StoryStateError } from '../errors/story-state-error.js';
import { DEFAULT_STORY_OPTIONS, type StoryOptions } from './story-options.js';
import type { TermStatsState } from './term-stats.js';

export const SNAPSHOT_VERSION = 3;

/** What an item was given, remembered while its story's window lasts so a re-poll gets the same ids. */
export type MemberState = [key: string, eventId: string, storyId: string, at: number];

/**
 * The clusterer's whole state as plain JSON (`JSON.stringify` it; numbers round-trip exactly), in
 * the order the state was built, so a restored clusterer goes on exactly as the original would.
 */
export interface StorySnapshot {
  version: typeof SNAPSHOT_VERSION;
  options: StoryOptions;
  /** Latest published time seen (ms since the epoch); windows and decay run on it, never on the clock. */
  streamTime: number;
  lastSweep: number;
  nextSerial: number;
  terms: TermStatsState;
  events: ClusterState[];
  stories: ClusterState[];
  members: MemberState[];
}

/** Checks the shape of a parsed snapshot enough to restore it safely; throws StoryStateError otherwise. */
export function checkSnapshot(value: unknown): StorySnapshot {
  if (typeof value !== 'object' || value === null) throw new StoryStateError('story state: not an object');
  const snapshot = value as Partial<StorySnapshot>;
  if (snapshot.version !== SNAPSHOT_VERSION) throw new StoryStateError(`story state: version ${String(snapshot.version)}, expected ${SNAPSHOT_VERSION}`);
  for (const field of ['streamTime', 'lastSweep', 'nextSerial'] as const) {
    if (typeof snapshot[field] !== 'number' || !Number.isFinite(snapshot[field])) throw new StoryStateError(`story state: ${field} is not a number`);
  }
  for (const field of ['events', 'stories', 'members'] as const) {
    if (!Array.isArray(snapshot[field])) throw new StoryStateError(`story state: ${field} is not a list`);
  }
  if (typeof snapshot.options !== 'object' || snapshot.options === null) throw new StoryStateError('story state: no options');
  for (const key of Object.keys(DEFAULT_STORY_OPTIONS) as Array<keyof StoryOptions>) {
    const value: unknown = snapshot.options[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new StoryStateError(`story state: option ${key} is not a number`);
  }
  if (!snapshot.terms || !Array.isArray(snapshot.terms.terms) || !Array.isArray(snapshot.terms.documents)) throw new StoryStateError('story state: no term table');
  return snapshot as StorySnapshot;
}
