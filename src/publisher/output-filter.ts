import type { Item, SentimentLabel } from '../model/item.js';

/** Which items an output takes; see OutputFilterSchema in config/output-filter-schema.ts for each field. */
export interface OutputFilter {
  sources?: readonly string[];
  categories?: readonly string[];
  tags?: readonly string[];
  include?: readonly string[];
  exclude?: readonly string[];
  languages?: readonly string[];
  sentiments?: readonly SentimentLabel[];
  topics?: readonly string[];
}

/**
 * The filter as a predicate. Every criterion given must match (AND), any value within one list
 * will do (OR), and an excluded keyword wins over everything. Source keys match exactly;
 * categories, tags and topics ignoring case; languages by their primary subtag ("en" takes en-US);
 * keywords ignoring case, as whole words or phrases in the title or the description, so that "AI"
 * finds "AI agents" but not "said" or "email". An item without a language or a sentiment is not taken
 * by a filter on them.
 */
export function compileFilter(filter: OutputFilter = {}): (item: Item) => boolean {
  const sources = filter.sources?.length ? new Set(filter.sources) : undefined;
  const categories = lowerSet(filter.categories);
  const tags = lowerSet(filter.tags);
  const include = keywordPattern(filter.include);
  const exclude = keywordPattern(filter.exclude);
  const languages = lowerSet(filter.languages?.map(primarySubtag));
  const sentiments = filter.sentiments?.length ? new Set(filter.sentiments) : undefined;
  const topics = lowerSet(filter.topics);
  return (item) => {
    const text = `${item.title}\n${item.description}`;
    if (exclude?.test(text)) return false;
    if (sources && !sources.has(item.source.key)) return false;
    if (categories && !(item.category !== undefined && categories.has(item.category.toLowerCase()))) return false;
    if (tags && !item.tags.some((tag) => tags.has(tag.toLowerCase()))) return false;
    if (languages && !(item.lang !== undefined && languages.has(primarySubtag(item.lang).toLowerCase()))) return false;
    if (sentiments && !(item.sentiment !== undefined && sentiments.has(item.sentiment.label))) return false;
    if (topics && !item.topics?.some((topic) => topics.has(topic.toLowerCase()))) return false;
    if (include && !include.test(text)) return false;
    return true;
  };
}

function primarySubtag(tag: string): string {
  return tag.split('-')[0]!;
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
