import type { Item } from '../model/item.js';
import { authorOf, categoriesOf, enclosuresOf, httpUrl, idOf, mediaType, rfc822Date, SENTIMENT_SCHEME, thumbnailOf, type FeedHeader, type RenderContext } from './feed-document.js';
import { element, htmlElement, serializeXml, textElement, type XmlElement } from './xml-writer.js';

const NAMESPACES = {
  'xmlns:atom': 'http://www.w3.org/2005/Atom',
  'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  'xmlns:media': 'http://search.yahoo.com/mrss/',
};

/**
 * An RSS 2.0 document of already rendered items; lastBuildDate is the newest item's update. Plain
 * text is written with hexadecimal references (`&#x26;`, `&#x3C;`), as the RSS Best Practices
 * Profile asks; the HTML of descriptions with `&amp;` and `&lt;`.
 */
export function renderRss(feed: FeedHeader, items: readonly XmlElement[], updated: string): string {
  return serializeXml(
    element(
      'rss',
      { version: '2.0', ...NAMESPACES },
      element(
        'channel',
        {},
        textElement('title', feed.title),
        textElement('link', httpUrl(feed.link) ?? feed.urls?.rss ?? feed.id),
        textElement('description', feed.description || feed.title),
        feed.urls && element('atom:link', { href: feed.urls.rss, rel: 'self', type: 'application/rss+xml' }),
        ...(feed.urls ? (feed.hubs ?? []).map((hub) => element('atom:link', { href: hub, rel: 'hub' })) : []),
        textElement('generator', `${feed.generator.name} ${feed.generator.version}`),
        textElement('lastBuildDate', rfc822Date(updated)),
        ...items,
      ),
    ),
    { plainText: 'hexadecimal' },
  );
}

/**
 * One item, after the RSS Best Practices Profile: the title is plain text; the description is
 * HTML (so our plain-text summary is HTML-escaped before the XML escaping); the guid is the entry's
 * urn:uuid, as in Atom and JSON Feed, not a permalink: the link can change (a site moving to https)
 * and two sources can give one link, and a reader that sees another guid shows the item again.
 * RSS allows one enclosure per item: the first one.
 */
export function rssItem(item: Item, context: RenderContext): XmlElement {
  const link = httpUrl(item.link);
  const enclosure = enclosuresOf(item)[0];
  const source = context.sources.get(item.source.key);
  const sourceUrl = httpUrl(source?.url);
  const content = item.content?.trim() ? item.content : undefined;
  return element(
    'item',
    {},
    textElement('title', item.title),
    link && textElement('link', link),
    element('guid', { isPermaLink: 'false' }, idOf(item)),
    // The profile wants description before content:encoded: an item without a summary carries its
    // HTML as the description (which RSS reads as HTML) and no content:encoded.
    htmlElement('description', item.description ? escapeHtml(item.description) : content),
    item.description && content && htmlElement('content:encoded', content),
    textElement('dc:creator', authorOf(item)),
    ...categoriesOf(item).map((name) => textElement('category', name)),
    item.sentiment && element('category', { domain: SENTIMENT_SCHEME }, item.sentiment.label),
    enclosure && element('enclosure', { url: enclosure.url, length: enclosure.length ?? 0, type: mediaType(enclosure.type) ?? 'application/octet-stream' }),
    textElement('pubDate', rfc822Date(item.publishedAt)),
    thumbnailOf(item),
    sourceUrl && element('source', { url: sourceUrl }, source?.feedTitle?.trim() || item.source.name),
  );
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
