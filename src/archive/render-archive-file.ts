import type { Item } from '../model/item.js';
import type { StoryIds } from '../model/story-registry.js';
import { frontMatterOf, type ArchiveFormat } from './front-matter-of.js';
import { htmlToMarkdown, textToMarkdown } from './html-to-markdown.js';
import { renderFrontMatter } from './render-front-matter.js';

/**
 * An item's archive file: its front matter between `---` lines, then its body in Markdown, from its
 * sanitized HTML content, else from its description. The layout gray-matter writes, as the seeds
 * have it (the body right after the closing `---`).
 */
export function renderArchiveFile(item: Item, format: ArchiveFormat, storyIds?: StoryIds): string {
  const body = (item.content && htmlToMarkdown(item.content)) || textToMarkdown(item.description);
  return `---\n${renderFrontMatter(frontMatterOf(item, format, storyIds))}---\n${body === '' ? '' : `${body}\n`}`;
}
