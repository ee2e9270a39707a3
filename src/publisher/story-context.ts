import { canonicalLink } from '../model/canonical-link.js';
import type { Item } from '../model/item.js';
import { parseStoryRegistry, STORY_REGISTRY_META, type StoryEntry, type StoryRegistry } from '../model/story-registry.js';
import type { ItemStore } from '../store/item-store.js';
import { hashId, itemKey } from '../store/store-keys.js';
import { httpUrl, idOf, type ItemStory, type StoryCount } from './feed-document.js';

/** Related links an entry carries, at most. */
export const MAX_RELATED_LINKS = 10;

/** The registry the story pass saved, or undefined when there is none (or it is not one). */
export async function readStoryRegistry(store: ItemStore): Promise<StoryRegistry | undefined> {
  return parseStoryRegistry(await store.getMeta(STORY_REGISTRY_META));
}

/**
 * Each item's event and story, by entry id: the ids stored beside the items, with the counts and
 * the other members' links from the registry. Items the pass has not assigned are absent.
 */
export async function loadItemStories(store: ItemStore, items: readonly Item[], registry: StoryRegistry | undefined): Promise<Map<string, ItemStory>> {
  const keyed = new Map(items.map((item) => [itemKey(item.source.key, hashId(item.externalId)), item]));
  const ids = await store.storyIdsOf([...keyed.keys()]);
  const events = new Map((registry?.events ?? []).map((entry) => [entry.id, entry]));
  const stories = new Map((registry?.stories ?? []).map((entry) => [entry.id, entry]));
  const found = new Map<string, ItemStory>();
  for (const [key, { eventId, storyId }] of ids) {
    const item = keyed.get(key)!;
    const event = events.get(eventId);
    found.set(idOf(item), { event: countOf(eventId, event), story: countOf(storyId, stories.get(storyId)), related: relatedLinks(key, item, event) });
  }
  return found;
}

function countOf(id: string, entry: StoryEntry | undefined): StoryCount {
  return entry ? { id, items: entry.items, sources: entry.sources.length } : { id };
}

/**
 * The links of the event's other members, when the event spans more than one source: each article
 * once, not the item's own, at most MAX_RELATED_LINKS. Links are compared as canonicalLink has them
 * (one article under tracking parameters, http or https, a trailing slash).
 */
function relatedLinks(key: string, item: Item, event: StoryEntry | undefined): string[] {
  if (!event || event.sources.length < 2) return [];
  const seen = new Set<string>();
  const own = articleOf(item.link);
  if (own !== undefined) seen.add(own);
  const links: string[] = [];
  for (const member of event.members) {
    const href = httpUrl(member.link);
    const article = articleOf(member.link);
    if (member.key === key || !href || article === undefined || seen.has(article)) continue;
    seen.add(article);
    links.push(href);
    if (links.length >= MAX_RELATED_LINKS) break;
  }
  return links;
}

/** What tells one article from another: its canonical link, or for a link that has none (a home page) the link as written. */
function articleOf(link: string | undefined): string | undefined {
  const href = httpUrl(link);
  return href && (canonicalLink(href) ?? href);
}
