import type { Analyzers } from './enrich-item.js';

/** The analyzers enrichment uses by default. */
export const TEXT_ANALYZERS: Analyzers = {};
