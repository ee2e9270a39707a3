import { z } from 'zod';

/*
 * What the story pass (src/stories/story-pass.ts) leaves in the store for readers: each item's
 * event and story ids, kept beside the item, and a registry of the events and stories still open,
 * read by the publisher and by `tributary stories`.
 */

/** An item's event and story (`ev_…`, `st_…`). */
export const StoryIdsSchema = z.object({ eventId: z.string(), storyId: z.string() });
export type StoryIds = z.infer<typeof StoryIdsSchema>;

/** One item's ids, to be stored beside the item until it expires (epoch ms; undefined: the store's retention). */
export interface StoryIdsEntry extends StoryIds {
  itemKey: string;
  expiresMs?: number | undefined;
}

/** The store record (ItemStore.getMeta) of the registry. */
export const STORY_REGISTRY_META = 'stories:registry';
export const STORY_REGISTRY_VERSION = 1;

/** A member of an event or story as the registry keeps it. */
export const StoryMemberSchema = z.object({
  /** The item's store key. */
  key: z.string(),
  source: z.string(),
  title: z.string(),
  link: z.string().optional(),
  publishedAt: z.string(),
  /** When the item expires from the store (epoch ms); absent: never. */
  expiresMs: z.number().optional(),
});
export type StoryMember = z.infer<typeof StoryMemberSchema>;

/** An event or a story: its counts, and its first members (at most MAX_REGISTRY_MEMBERS, earliest first). */
export const StoryEntrySchema = z.object({
  id: z.string(),
  /** Members assigned and not expired: may exceed members.length. */
  items: z.number().int().nonnegative(),
  /** Source keys of its members, each once, in the order they joined. */
  sources: z.array(z.string()),
  firstAt: z.string(),
  lastAt: z.string(),
  members: z.array(StoryMemberSchema),
});
export type StoryEntry = z.infer<typeof StoryEntrySchema>;

export const StoryRegistrySchema = z.object({
  version: z.literal(STORY_REGISTRY_VERSION),
  /** A new random value each time the registry is saved (part of the publish stamp's inputs). */
  revision: z.string(),
  /** The clusterer's stream time (latest publishedAt seen, epoch ms). */
  streamTime: z.number(),
  events: z.array(StoryEntrySchema),
  stories: z.array(StoryEntrySchema),
});
export type StoryRegistry = z.infer<typeof StoryRegistrySchema>;

/**
 * A small record naming the saved registry's revision, written just before the registry: what the
 * publish stamp reads, so a publish with nothing new never reads the registry itself (tens of MB).
 */
export const STORY_REGISTRY_REVISION_META = 'stories:registry-revision';
export const StoryRegistryRevisionSchema = z.object({ revision: z.string() });

/** Members kept per event or story; the counts go on beyond it. */
export const MAX_REGISTRY_MEMBERS = 50;

/** The registry as stored, or undefined when there is none or it is not one. */
export function parseStoryRegistry(value: unknown): StoryRegistry | undefined {
  const parsed = StoryRegistrySchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
