import type { Item } from '../model/item.js';
import type { StoryIds } from '../model/story-registry.js';
import type { FrontMatterFields } from './render-front-matter.js';

/** How an archive writes its files (config `archive`). */
export interface ArchiveFormat {
  /** Tags in capitals, as the seeds write them. */
  upperCaseTags: boolean;
  /** The `draft` every file carries. */
  draft: boolean;
}

/**
 * An item's front matter: the seed documents' keys in their order, then Tributary's own. The seeds'
 * `score` (0) and `stickyWeight` (0) are a site's ranking fields, written as the seeds have them; the
 * item's sentiment score is `sentimentScore`. `coverImage` holds the one URL a feed gives as `raw`
 * (no renditions are invented); `ai` says the text was not rewritten. `eventId` and `storyId` are
 * the item's event and story when the story pass had assigned them by the time the file was
 * written. Absent values are left out.
 */
export function frontMatterOf(item: Item, format: ArchiveFormat, storyIds?: StoryIds): FrontMatterFields {
  return {
    title: item.title,
    description: item.description,
    publishedAt: item.publishedAt,
    updatedAt: item.updatedAt,
    lang: item.lang,
    externalId: item.externalId,
    source: { name: item.source.name, key: item.source.key, type: item.source.type },
    category: item.category,
    tags: tagsOf(item.tags, format.upperCaseTags),
    stickyWeight: 0,
    sentiment: item.sentiment?.label,
    score: 0,
    draft: format.draft,
    coverImage: item.coverImage && { raw: item.coverImage.url },
    ai: { rewritten: false },
    link: item.link,
    author: item.author,
    topics: item.topics?.length ? [...item.topics] : undefined,
    sentimentScore: item.sentiment && roundScore(item.sentiment.score),
    eventId: storyIds?.eventId,
    storyId: storyIds?.storyId,
  };
}

/** The tags in their order (topic codes first), in capitals when asked, each once. */
function tagsOf(tags: readonly string[], upperCase: boolean): string[] {
  return [...new Set(upperCase ? tags.map((tag) => tag.toUpperCase()) : tags)];
}

/** Four decimals are what a reader of the file can use; never -0. */
function roundScore(score: number): number {
  return Math.round(score * 10_000) / 10_000 || 0;
}
