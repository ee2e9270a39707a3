import { Parser } from 'htmlparser2';

/** A feed a web page points to with `<link rel="alternate" type="…">`. */
export interface FeedLink {
  /** Absolute: resolved against `<base href>`, else the page's URL. */
  url: string;
  /** The media type as the page gave it, lower case. */
  type: string;
  /** The link's title attribute (e.g. "Comments feed"), if any. */
  title?: string;
}

/**
 * Media types that announce a feed. Not `application/json`: WordPress announces its REST API with it
 * (`/wp-json/…`), and oEmbed uses `application/json+oembed`.
 */
const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/rdf+xml', 'application/feed+json']);

/**
 * The feeds a page announces, in document order, each URL once. Pure; reads any HTML, however broken
 * (htmlparser2 is the tokenizer sanitize-html already uses). Links whose href is empty, or not http(s)
 * once resolved, are left out.
 */
export function findFeedLinks(html: string, pageUrl: string): FeedLink[] {
  let baseHref: string | undefined;
  const links: Array<{ href: string; type: string; title?: string }> = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        // As in browsers, only the first <base> with an href counts.
        if (name === 'base' && attributes.href && baseHref === undefined) baseHref = attributes.href;
        if (name !== 'link' || !isAlternate(attributes.rel)) return;
        const type = attributes.type?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
        const href = attributes.href?.trim();
        if (!FEED_TYPES.has(type) || !href) return;
        const title = attributes.title?.trim();
        links.push({ href, type, ...(title ? { title } : {}) });
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);

  const base = (baseHref === undefined ? undefined : resolveUrl(baseHref, pageUrl)) ?? pageUrl;
  const seen = new Set<string>();
  const found: FeedLink[] = [];
  for (const link of links) {
    // <base> applies to every link in the document, even those written before it.
    const url = resolveUrl(link.href, base);
    if (url === undefined || seen.has(url)) continue;
    seen.add(url);
    found.push({ url, type: link.type, ...(link.title === undefined ? {} : { title: link.title }) });
  }
  return found;
}

function isAlternate(rel: string | undefined): boolean {
  return rel?.toLowerCase().split(/\s+/).includes('alternate') === true;
}

function resolveUrl(href: string, base: string): string | undefined {
  try {
    const url = new URL(href, base);
    url.hash = '';
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
