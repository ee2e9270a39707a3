import { toPlainText } from './text.js';

const MAX_TAGS = 32;

/**
 * The source's configured tags, then the item's categories: plain text, trimmed, the first
 * spelling kept when two differ only in case, at most 32.
 */
export function collectTags(sourceTags: readonly string[], categories: readonly string[]): string[] {
  const tags: string[] = [];
  const seen = new Set<string>();
  for (const raw of [...sourceTags, ...categories]) {
    const tag = toPlainText(raw);
    const key = tag.toLocaleLowerCase('en-US');
    if (tag === '' || seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
    if (tags.length === MAX_TAGS) break;
  }
  return tags;
}

/** The source's configured category, else the item's first category. */
export function pickCategory(sourceCategory: string | undefined, categories: readonly string[]): string | undefined {
  const configured = sourceCategory?.trim();
  if (configured) return configured;
  for (const category of categories) {
    const text = toPlainText(category);
    if (text !== '') return text;
  }
  return undefined;
}
