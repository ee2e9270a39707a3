import { detectLanguage } from './detect-language.js';
import type { Analyzers } from './enrich-item.js';
import { scoreSentiment } from './sentiment.js';

/** The analyzers enrichment uses by default. */
export const TEXT_ANALYZERS: Analyzers = {
  language: (input) => detectLanguage(input),
  sentiment: scoreSentiment,
};
