import { attributesOf, childOf, listOf, textOf } from './xml-values.js';

/**
 * Categories of an item or feed: RSS <category domain="…">term</category>, Atom
 * <category term="…" label="…"/> (the label is the one meant for people), dc:subject and
 * media:category (of the item, then of its media:group).
 */
export function readCategories(item: Record<string, unknown>): string[] {
  const categories: string[] = [];
  const groups = listOf(item['media:group']).flatMap((group) => listOf(childOf(group, 'media:category')));
  const elements = [...listOf(item['tributary:categories']), ...listOf(item['dc:subject']), ...listOf(item['media:category']), ...groups];
  for (const category of elements) {
    const attributes = attributesOf(category);
    const name = (textOf(category) ?? attributes['label'] ?? attributes['term'])?.trim();
    if (name && !categories.includes(name)) categories.push(name);
  }
  return categories;
}
