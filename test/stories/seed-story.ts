import type { StoryOptions } from '../../src/stories/index.js';
import { clusterAll } from './evaluate.js';
import { type LabelledItem, readLabelledSet, readSeedItems, type SeedItem } from './labelled-set.js';

export interface SeedStory {
  /** The story id of each seed, in seeds.json's order. */
  seedStories: string[];
  /** The event id of each seed. */
  seedEvents: string[];
  /** Labelled items that landed in one of the seeds' stories. */
  intruders: LabelledItem[];
}

/** Clusters the labelled set and the five seeds as one stream; where the seeds end up, and who joins them. */
export function placeSeeds(options: Partial<StoryOptions> = {}, seeds: readonly SeedItem[] = readSeedItems(), labelled: readonly LabelledItem[] = readLabelledSet()): SeedStory {
  const assignments = clusterAll([...labelled, ...seeds], options);
  const seedStories = assignments.slice(labelled.length).map((a) => a.storyId);
  const seedEvents = assignments.slice(labelled.length).map((a) => a.eventId);
  const intruders = labelled.filter((_, i) => seedStories.includes(assignments[i]!.storyId));
  return { seedStories, seedEvents, intruders };
}

/** The seeds' requirement: one story, which no labelled item joins. */
export function seedsFormOneStory(options: Partial<StoryOptions> = {}): boolean {
  const { seedStories, intruders } = placeSeeds(options);
  return new Set(seedStories).size === 1 && intruders.length === 0;
}
