import type { SentimentLabel, Sentiment } from '../model/item.js';

/*
 * Sources that rate their own items do so in a category ("Bullish", "sentiment: negative"), as the
 * news APIs' feeds do: such a rating wins over the one computed from the text.
 */
const RATING = /^(?:sentiment\s*[:=-]?\s*)?(positive|negative|neutral|bullish|bearish)$/i;

const LABELS: Record<string, SentimentLabel> = {
  positive: 'POSITIVE',
  bullish: 'POSITIVE',
  negative: 'NEGATIVE',
  bearish: 'NEGATIVE',
  neutral: 'NEUTRAL',
};
const SCORES: Record<SentimentLabel, number> = { POSITIVE: 1, NEUTRAL: 0, NEGATIVE: -1 };

/** The sentiment a source gave its item in one of its categories (now tags), or undefined. */
export function sentimentFromSource(tags: readonly string[]): Sentiment | undefined {
  for (const tag of tags) {
    const word = RATING.exec(tag.trim())?.[1];
    if (word === undefined) continue;
    const label = LABELS[word.toLowerCase()]!;
    return { label, score: SCORES[label], from: 'source' };
  }
  return undefined;
}
