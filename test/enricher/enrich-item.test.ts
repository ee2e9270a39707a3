import { describe, expect, it } from 'vitest';
import { EnrichmentConfigSchema } from '../../src/config/enrichment-schema.js';
import { createEnricher, type Analyzers } from '../../src/enricher/enrich-item.js';
import { makeItem } from '../helpers/make-item.js';

const config = (input: Record<string, unknown> = {}) => EnrichmentConfigSchema.parse(input);
/** Analyzers whose answers the test sets, recording what they were asked. */
function fakeAnalyzers(answers: { lang?: string; label?: 'POSITIVE' | 'NEUTRAL' | 'NEGATIVE'; score?: number } = {}) {
  const asked: string[] = [];
  const analyzers: Analyzers = {
    language: (input) => {
      asked.push(`language:${input.declared ?? '-'}`);
      return answers.lang ?? input.declared;
    },
    sentiment: (title) => {
      asked.push(`sentiment:${title}`);
      return { label: answers.label ?? 'NEUTRAL', score: answers.score ?? 0 };
    },
  };
  return { analyzers, asked };
}

describe('enriching an item', () => {
  it('puts the topic codes first in the tags, and the first one as category when its source has none configured', () => {
    const enrich = createEnricher(config(), {});
    const item = makeItem({ title: 'Bitcoin miners turn to AI', tags: ['Markets', 'bitcoin'], category: 'Markets' });
    const enriched = enrich(item, {});
    expect(enriched.topics).toEqual(['BTC', 'MINING', 'AI']);
    expect(enriched.tags).toEqual(['BTC', 'MINING', 'AI', 'Markets', 'bitcoin']);
    expect(enriched.category).toBe('BTC');
    expect(enrich(item, { sourceCategory: 'Crypto' }).category).toBe('Markets');
  });

  it('drops from the tags a feed category that is a topic code already (ignoring case)', () => {
    const enriched = createEnricher(config(), {})(makeItem({ title: 'New AI model', tags: ['ai', 'Research'] }), {});
    expect(enriched.tags).toEqual(['AI', 'Research']);
  });

  it('leaves an item about no topic as it was', () => {
    const item = makeItem({ title: 'Weather today', tags: ['Local'] });
    expect(createEnricher(config(), {})(item, {})).toEqual(item);
  });

  it('takes the language and sentiment from the analyzers, marking the sentiment as computed from the text', () => {
    const { analyzers, asked } = fakeAnalyzers({ lang: 'ja', label: 'NEGATIVE', score: -0.6 });
    const enriched = createEnricher(config(), analyzers)(makeItem({ title: 'Exchange hacked', lang: 'en' }), {});
    expect(enriched.lang).toBe('ja');
    expect(enriched.sentiment).toEqual({ label: 'NEGATIVE', score: -0.6, from: 'text' });
    expect(asked).toEqual(['language:en', 'sentiment:Exchange hacked']);
  });

  it("lets a source's own rating in a category win over the computed sentiment", () => {
    const { analyzers, asked } = fakeAnalyzers({ label: 'NEGATIVE', score: -0.5 });
    const enriched = createEnricher(config(), analyzers)(makeItem({ title: 'Markets', tags: ['News', 'Bullish'] }), {});
    expect(enriched.sentiment).toEqual({ label: 'POSITIVE', score: 1, from: 'source' });
    expect(asked.filter((question) => question.startsWith('sentiment'))).toEqual([]);
    expect(createEnricher(config(), analyzers)(makeItem({ tags: ['Sentiment: negative'] }), {}).sentiment?.from).toBe('source');
  });

  it('computes no language or sentiment when the config turns them off, keeping the declared language', () => {
    const { analyzers, asked } = fakeAnalyzers({ lang: 'ja' });
    const enriched = createEnricher(config({ language: false, sentiment: false }), analyzers)(makeItem({ lang: 'en' }), {});
    expect(enriched.lang).toBe('en');
    expect(enriched.sentiment).toBeUndefined();
    expect(asked).toEqual([]);
  });

  it('removes a declared language the detector overrules with none', () => {
    const analyzers: Analyzers = { language: () => undefined };
    expect(createEnricher(config(), analyzers)(makeItem({ lang: 'euc-kr' }), {}).lang).toBeUndefined();
  });
});
