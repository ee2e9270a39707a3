import { attributesOf, listOf, textOf } from './xml-values.js';

/**
 * Categories of an item or feed: RSS <category domain="…">term</category>, Atom
 * <category term="…" label="…"/> (the label is the one meant for people), dc:subject and
 * media:category.
 */
export function readCategories(item: Record<string, unknown>): string[] {
  const categories: string[] = [];
  const elements = [...listOf(item['tributary:categories']), ...listOf(item['dc:subject']), ...listOf(item['media:category'])];
  for (const category of elements) {
    const attributes = attributesOf(category);
    const name = (textOf(category) ?? attributes['label'] ?? attributes['term'])?.trim();
    if (name && !categories.includes(name)) categories.push(name);
  }
  return categories;
}
