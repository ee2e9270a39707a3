import type { EnrichmentConfig } from '../config/enrichment-schema.js';
import type { Item, Sentiment } from '../model/item.js';
import { DEFAULT_TOPICS, type Topic } from './default-topics.js';
import { sentimentFromSource } from './source-sentiment.js';
import { compileTopics, type TopicMatcher } from './topics.js';

/** At most this many tags in all, as the normalizer keeps them. */
const MAX_TAGS = 32;

/** What enrichment computes from an item's text, each part switched by the config. */
export interface Analyzers {
  /** The item's language from its text, given the one its feed declares. */
  language?: (input: { title: string; description: string; content?: string; declared?: string }) => string | undefined;
  /** The sentiment of a title and description. */
  sentiment?: (title: string, description: string) => Omit<Sentiment, 'from'>;
}

/** Enriches one new or changed item; see createEnricher. Pure. */
export type Enricher = (item: Item, context: { sourceCategory?: string }) => Item;

/**
 * The enricher of a config: an item's language (detected), sentiment (its source's, else computed)
 * and topics (matched on title and description: they lead its tags, and the first is its category
 * unless its source has one configured).
 */
export function createEnricher(config: EnrichmentConfig, analyzers: Analyzers): Enricher {
  const matchTopics = compileTopics(topicDictionary(config));
  return (item, context) => {
    const enriched: Item = { ...item };
    const lang = config.language && analyzers.language ? analyzers.language({ title: item.title, description: item.description, content: item.content, declared: item.lang }) : item.lang;
    if (lang === undefined) delete enriched.lang;
    else enriched.lang = lang;
    const sentiment = config.sentiment ? (sentimentFromSource(item.tags) ?? computedSentiment(item, analyzers)) : undefined;
    if (sentiment) enriched.sentiment = sentiment;
    return withTopics(enriched, matchTopics, context);
  };
}

function computedSentiment(item: Item, analyzers: Analyzers): Sentiment | undefined {
  const computed = analyzers.sentiment?.(item.title, item.description);
  return computed && { ...computed, from: 'text' };
}

function withTopics(item: Item, matchTopics: TopicMatcher, context: { sourceCategory?: string }): Item {
  const topics = matchTopics(`${item.title}\n${item.description}`);
  if (topics.length === 0) return item;
  const seen = new Set(topics.map((code) => code.toLowerCase()));
  const tags = [...topics, ...item.tags.filter((tag) => !seen.has(tag.toLowerCase()))].slice(0, MAX_TAGS);
  const category = context.sourceCategory?.trim() ? item.category : topics[0];
  return { ...item, topics, tags, ...(category === undefined ? {} : { category }) };
}

/** The shipped topics (unless turned off) with the config's over them: replaced in place, dropped, or added after. */
export function topicDictionary(config: Pick<EnrichmentConfig, 'defaultTopics' | 'topics'>): Map<string, Topic> {
  const dictionary = new Map<string, Topic>(config.defaultTopics ? DEFAULT_TOPICS : []);
  for (const [code, topic] of Object.entries(config.topics)) {
    if (topic === false) dictionary.delete(code);
    else dictionary.set(code, topic);
  }
  return dictionary;
}
