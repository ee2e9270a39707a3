/**
 * An absolute http(s) URL for `raw`, resolved against `base`; undefined for anything else
 * (javascript:, data:, mailto:, a relative URL without a base, garbage).
 */
export function resolveUrl(raw: string | undefined, base?: string): string | undefined {
  const trimmed = raw?.trim();
  if (!trimmed) return undefined;
  let url: URL;
  try {
    url = base === undefined ? new URL(trimmed) : new URL(trimmed, base);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return undefined;
  return url.href;
}

/**
 * The base URL in force, built from the outside in: the feed's URL, then the feed's xml:base
 * resolved against it, then the item's, then the content's. A base that doesn't resolve to an
 * http(s) URL (a `tag:` base, garbage) is skipped.
 */
export function resolveBase(feedUrl: string, ...bases: Array<string | undefined>): string | undefined {
  let base = resolveUrl(feedUrl);
  for (const next of bases) base = resolveUrl(next, base) ?? base;
  return base;
}

/** The form of a URL used as an id: lower-case scheme and host (the URL parser does both), no fragment. */
export function canonicalUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}
