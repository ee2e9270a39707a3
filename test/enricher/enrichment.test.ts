import { describe, expect, it } from 'vitest';
import { EnrichmentConfigSchema } from '../../src/config/enrichment-schema.js';
import { createEnricher } from '../../src/enricher/enrich-item.js';
import { enrichmentsOf, withEnrichment } from '../../src/enricher/enrichment.js';
import { TEXT_ANALYZERS } from '../../src/enricher/text-analyzers.js';
import { makeItem } from '../helpers/make-item.js';

const config = EnrichmentConfigSchema.parse({});
const enrich = createEnricher(config, TEXT_ANALYZERS);

const items = [
  makeItem({ externalId: 'btc', title: 'Bitcoin miners rally as hashprice jumps', description: 'Shares of miners rose sharply.', tags: ['Markets'] }),
  makeItem({ externalId: 'fr', title: 'La Banque de France teste un euro numérique', description: 'Les banques centrales avancent.', lang: 'fr' }),
  makeItem({ externalId: 'rated', title: 'Ether slides', description: 'A weak week.', tags: ['Bearish'], lang: 'de', category: 'Desk' }),
  makeItem({ externalId: 'plain', title: 'Notes', description: '', tags: [] }),
];

describe('enrichment computed apart from the commit', () => {
  it('gives, applied to an item, exactly what the enricher gives, whatever the source category', () => {
    for (const sourceCategory of [undefined, 'Research']) {
      const enrichments = enrichmentsOf(items, config, sourceCategory);
      items.forEach((item, i) => {
        expect(withEnrichment(item, enrichments[i]!)).toEqual(enrich(item, sourceCategory === undefined ? {} : { sourceCategory }));
      });
    }
  });

  it('gives the stored item an update merges into what the enricher gives that merge (it reads only what the source sent)', () => {
    const [incoming] = items;
    const [enrichment] = enrichmentsOf([incoming!], config, undefined);
    const merged = { ...incoming!, publishedAt: '2025-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z' };
    expect(withEnrichment(merged, enrichment!)).toEqual(enrich(merged, {}));
  });

  it('removes from the item what enrichment left unset', () => {
    const plain = items[3]!;
    const [enrichment] = enrichmentsOf([plain], { ...config, sentiment: false }, undefined);
    expect(enrichment).toEqual({ tags: [] });
    const applied = withEnrichment({ ...plain, lang: 'xx', category: 'Old', topics: ['BTC'], sentiment: { label: 'NEUTRAL', score: 0, from: 'text' } }, enrichment!);
    expect(applied).toEqual(plain);
  });
});
