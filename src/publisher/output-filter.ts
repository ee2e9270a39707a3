import type { Item } from '../model/item.js';

/** Which items an output takes; see OutputFilterSchema in config/schema.ts for each field. */
export interface OutputFilter {
  sources?: readonly string[];
  categories?: readonly string[];
  tags?: readonly string[];
  include?: readonly string[];
  exclude?: readonly string[];
}

/**
 * The filter as a predicate. Every criterion given must match (AND), any value within one list
 * will do (OR), and an excluded keyword wins over everything. Source keys match exactly;
 * categories and tags ignoring case; keywords ignoring case, as whole words or phrases in the
 * title or the description, so that "AI" finds "AI agents" but not "said" or "email".
 */
export function compileFilter(filter: OutputFilter = {}): (item: Item) => boolean {
  const sources = filter.sources?.length ? new Set(filter.sources) : undefined;
  const categories = lowerSet(filter.categories);
  const tags = lowerSet(filter.tags);
  const include = keywordPattern(filter.include);
  const exclude = keywordPattern(filter.exclude);
  return (item) => {
    const text = `${item.title}\n${item.description}`;
    if (exclude?.test(text)) return false;
    if (sources && !sources.has(item.source.key)) return false;
    if (categories && !(item.category !== undefined && categories.has(item.category.toLowerCase()))) return false;
    if (tags && !item.tags.some((tag) => tags.has(tag.toLowerCase()))) return false;
    if (include && !include.test(text)) return false;
    return true;
  };
}

function lowerSet(values: readonly string[] | undefined): Set<string> | undefined {
  return values?.length ? new Set(values.map((value) => value.toLowerCase())) : undefined;
}

/** One regular expression for any of the keywords, each bounded by non-letters/digits or the ends. */
function keywordPattern(keywords: readonly string[] | undefined): RegExp | undefined {
  const words = keywords?.map((word) => word.trim()).filter((word) => word !== '');
  if (!words?.length) return undefined;
  const alternatives = words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}
