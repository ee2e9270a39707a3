/**
 * Title patterns of the kinds of item the labelling rule calls NEUTRAL whatever their words:
 * how-tos and explainers, buying guides, deals, reviews and comparisons, rumours, market-size
 * reports, and questions.
 * A title that matches one has its score damped (`cueWeight` in `sentiment.ts`), so "Best smart
 * lock" or "Black Friday deal: save 80% on …" stays NEUTRAL though "best" and "save" are positive
 * words elsewhere. Taken from the rule's NEUTRAL list, checked against the tuning part.
 */
export const NEUTRAL_CUES: readonly RegExp[] = [
  /^(how|why|what|which|when|where|who|best)\b/,
  /\b(how to|here's how|how i|vs|versus|review|rumou?rs?|rumou?red|everything you need to know|guide|explained|history of)\b/,
  /\b(deals?|cyber monday|black friday|discounts?|bargains?)\b/,
  /\b(market|industry) (report|research|size|share|forecast|outlook|analysis)|\bmarket \d{4}\b|^report offers\b/,
  /\?\s*$/,
];
