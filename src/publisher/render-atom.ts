import type { Item } from '../model/item.js';
import {
  absoluteIri,
  authorOf,
  canonicalId,
  categoriesOf,
  enclosuresOf,
  httpUrl,
  idOf,
  languageTag,
  mediaType,
  SENTIMENT_SCHEME,
  thumbnailOf,
  type FeedHeader,
  type RenderContext,
} from './feed-document.js';
import { element, serializeXml, textElement, type XmlElement } from './xml-writer.js';

const ATOM_NS = 'http://www.w3.org/2005/Atom';
const MEDIA_NS = 'http://search.yahoo.com/mrss/';

/** An Atom 1.0 document (RFC 4287) of already rendered entries, dated by its newest entry. */
export function renderAtom(feed: FeedHeader, entries: readonly XmlElement[], updated: string): string {
  const link = httpUrl(feed.link);
  return serializeXml(
    element(
      'feed',
      { xmlns: ATOM_NS, 'xmlns:media': MEDIA_NS },
      textElement('id', feed.id),
      element('title', { type: 'text' }, feed.title),
      feed.description && element('subtitle', { type: 'text' }, feed.description),
      textElement('updated', updated),
      feed.urls && element('link', { rel: 'self', type: 'application/atom+xml', href: feed.urls.atom }),
      ...(feed.urls ? (feed.hubs ?? []).map((hub) => element('link', { rel: 'hub', href: hub })) : []),
      link && element('link', { rel: 'alternate', type: 'text/html', href: link }),
      element('generator', { uri: feed.generator.uri, version: feed.generator.version }, feed.generator.name),
      ...entries,
    ),
  );
}

/**
 * One entry. Every entry has an author (the item's, else its source's name), so the feed needs
 * none; one with neither a link nor HTML content carries its summary as text content, because
 * RFC 4287 §4.1.1 wants an alternate link or a content element.
 */
export function atomEntry(item: Item, context: RenderContext): XmlElement {
  const link = httpUrl(item.link);
  const html = item.content?.trim() ? item.content : undefined;
  return element(
    'entry',
    { 'xml:lang': languageTag(item.lang) },
    textElement('id', idOf(item)),
    element('title', { type: 'text' }, item.title),
    textElement('updated', item.updatedAt),
    textElement('published', item.publishedAt),
    link && element('link', { rel: 'alternate', type: 'text/html', href: link }),
    element('author', {}, element('name', {}, authorOf(item))),
    item.description && element('summary', { type: 'text' }, item.description),
    html ? element('content', { type: 'html' }, html) : !link && element('content', { type: 'text' }, item.description || item.title),
    ...categoriesOf(item).map((term) => element('category', { term })),
    item.sentiment && element('category', { term: item.sentiment.label, scheme: SENTIMENT_SCHEME, label: `${item.sentiment.label.toLowerCase()} (${item.sentiment.score.toFixed(2)})` }),
    // The other reports of its event, from other sources (docs/stories.md).
    ...(context.stories?.get(idOf(item))?.related ?? []).map((href) => element('link', { rel: 'related', href })),
    ...enclosuresOf(item).map((enclosure) => element('link', { rel: 'enclosure', href: enclosure.url, type: mediaType(enclosure.type), length: enclosure.length })),
    thumbnailOf(item),
    sourceOf(item, context),
  );
}

/** atom:source (§4.2.11), as Planet writes it: the original feed's id, title, links and updated. */
function sourceOf(item: Item, context: RenderContext): XmlElement {
  const source = context.sources.get(item.source.key);
  const feedUrl = httpUrl(source?.url);
  const home = httpUrl(source?.feedLink);
  return element(
    'source',
    {},
    textElement('id', canonicalId(absoluteIri(source?.feedId)) ?? feedUrl),
    element('title', { type: 'text' }, source?.feedTitle?.trim() || item.source.name),
    home && element('link', { rel: 'alternate', type: 'text/html', href: home }),
    feedUrl && element('link', { rel: 'self', href: feedUrl }),
    textElement('updated', context.sourceUpdated.get(item.source.key)),
  );
}
