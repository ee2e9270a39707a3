import type { EnrichmentConfig } from '../config/enrichment-schema.js';
import type { Item } from '../model/item.js';
import { createEnricher, type Enricher } from './enrich-item.js';
import { TEXT_ANALYZERS } from './text-analyzers.js';

/**
 * What enrichment decides of an item: computed once, where the item is normalized (a parse thread),
 * and applied where it is committed. It depends only on the fields the source sent (text, declared
 * language, tags, category), so it applies alike to the item and to the stored item it updates.
 */
export type Enrichment = Pick<Item, 'lang' | 'sentiment' | 'topics' | 'tags' | 'category'>;

/** The fields enrichment may leave unset (tags it always sets). */
const OPTIONAL = ['lang', 'sentiment', 'topics', 'category'] as const;

/** The enricher of each config seen, with the shipped analyzers: a thread compiles a dictionary once. */
const enrichers = new Map<string, Enricher>();

/** The enrichment of each item, in order, as the config and its source's category make it. */
export function enrichmentsOf(items: readonly Item[], config: EnrichmentConfig, sourceCategory: string | undefined): Enrichment[] {
  const key = JSON.stringify(config);
  let enrich = enrichers.get(key);
  if (!enrich) {
    enrich = createEnricher(config, TEXT_ANALYZERS);
    enrichers.clear();
    enrichers.set(key, enrich);
  }
  const context = sourceCategory === undefined ? {} : { sourceCategory };
  return items.map((item) => {
    const enriched = enrich(item, context);
    const enrichment: Enrichment = { tags: enriched.tags };
    for (const field of OPTIONAL) if (enriched[field] !== undefined) Object.assign(enrichment, { [field]: enriched[field] });
    return enrichment;
  });
}

/** The item with its enrichment: each enriched field set, or removed where enrichment left it unset. */
export function withEnrichment(item: Item, enrichment: Enrichment): Item {
  const enriched: Item = { ...item, ...enrichment };
  for (const field of OPTIONAL) if (enrichment[field] === undefined) delete enriched[field];
  return enriched;
}
