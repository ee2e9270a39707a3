/**
 * Query parameters that say how a reader got to an article, not which article: analytics
 * campaign tags, ad click ids, mailing-list ids. Matched case-insensitively; utm_* by prefix.
 */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'igshid',
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'wt.mc_id',
  's_cid',
  'cmpid',
  '_ga',
  'spm',
]);

/** Parameters that are tracking only when they name a feed as the referrer (`ref=rss`, `source=feedburner`). */
const REFERRER_PARAMS = new Set(['ref', 'ref_src', 'src', 'source', 'from', 'via']);
const FEED_REFERRER = /^(rss|atom|feeds?|feedburner|feedly|newsletter|syndication)([-_.:].*)?$/i;

/**
 * The link two sources would agree on for one article, or undefined when there is none to compare:
 * http and https alike, host lower-cased (the URL parser does that, and drops a default port),
 * no fragment, no tracking parameters, the rest sorted, no trailing slash. A site's home page
 * (no path, no query) is not an article: feeds that link every item to it must not merge.
 */
export function canonicalLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const kept = [...url.searchParams].filter(([name, value]) => !isTracking(name, value));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = new URLSearchParams(kept).toString();
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '' && query === '') return undefined;
  return `${url.host}${path}${query ? `?${query}` : ''}`;
}

function isTracking(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  if (lower.startsWith('utm_') || TRACKING_PARAMS.has(lower)) return true;
  return REFERRER_PARAMS.has(lower) && FEED_REFERRER.test(value);
}
