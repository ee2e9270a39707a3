/** At most this many members' titles are kept per event (enough for any real event's outlets). */
export const MAX_TITLES_KEPT = 32;

/** Share of title terms two titles must have in common to be one template with different names filled in. */
const TEMPLATE_OVERLAP = 0.5;

/**
 * Whether two titles from the same source are one template filled in with different names
 * ("CarMax Shareholder Alert: ClaimsFiler Reminds Investors …" and "Stride Shareholder Alert: …"):
 * they share at least half their terms (Jaccard, on sorted term lists) and yet differ. The same
 * release sent twice (identical terms) is not a template pair: it is one event.
 */
export function isTemplateSibling(a: readonly string[], b: readonly string[]): boolean {
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (a[i]! < b[j]!) i += 1;
    else j += 1;
  }
  const union = a.length + b.length - shared;
  if (union === 0 || shared === union) return false;
  return shared / union >= TEMPLATE_OVERLAP;
}

/** Whether two sorted title-term lists are the same. */
export function sameTerms(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((term, i) => term === b[i]);
}
