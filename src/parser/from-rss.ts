import { readEnclosures, readLinkEnclosures, readMediaDescription, readMediaImages, readMediaTitle, withoutUndefined } from './media.js';
import type { ParsedFeed, ParsedItem, ParsedMedia } from './parsed-feed.js';
import { readCategories } from './read-categories.js';
import { readRssInlineMarkup, type RssInlineMarkup } from './rss-item-markup.js';
import type { RssParserOutput } from './run-rss-parser.js';
import { readXhtmlBodies, XHTML_BODY_NAMES } from './xhtml-bodies.js';
import { attributeMap, attributesOf, childOf, flattenText, holdsElements, listOf, textOf, textsOf } from './xml-values.js';

/**
 * Translates rss-parser's reading of an RSS 0.9x/2.0 or RDF (RSS 0.90/1.0) document. `root` holds
 * the xml:lang and xml:base of the root element (<rss>, <rdf:RDF>), which rss-parser doesn't keep;
 * `document` the text and the prefix of the feed's elements, where XHTML bodies are read from.
 */
export function fromRss(output: RssParserOutput, type: 'RSS' | 'RDF', root: { lang?: string; base?: string } = {}, document?: { text: string; prefix?: string }): ParsedFeed {
  const { feed } = output;
  const hasBodies = output.items.some((item) => XHTML_BODY_NAMES.some((name) => item[name] !== undefined));
  const bodies = hasBodies && document ? readXhtmlBodies(document.text, output.items.length, document.prefix) : undefined;
  const hasInline = output.items.some((item) => holdsElements(item['tributary:title']) || holdsElements(item['tributary:description']));
  const inline = hasInline && document ? readRssInlineMarkup(document.text, output.items.length, document.prefix) : undefined;
  const attributes = attributeMap(feed['tributary:attributes']);
  return withoutUndefined({
    type,
    title: textOf(feed['tributary:title']) ?? flattenText(feed['tributary:title']) ?? textOf(feed['dc:title']),
    link: linkOf(feed['link']) ?? alternateAtomLink(feed['atom:link']),
    description: textOf(feed['description']) ?? textOf(feed['dc:description']),
    lang: textOf(feed['language']) ?? textOf(feed['dc:language']) ?? attributes['xml:lang'] ?? root.lang,
    updated: textOf(feed['lastBuildDate']) ?? textOf(feed['pubDate']) ?? textOf(feed['dc:date']) ?? textOf(feed['dcterms:modified']) ?? textOf(feed['atom:updated']),
    base: resolveBaseText(root.base, attributes['xml:base']),
    refreshMinutes: readRefreshMinutes(feed),
    items: output.items.map((item, index) => readItem(item, type, bodies?.[index], inline?.[index] ?? {})),
  });
}

/** The channel's xml:base, relative to the root's when both are given. */
function resolveBaseText(rootBase: string | undefined, channelBase: string | undefined): string | undefined {
  if (rootBase === undefined || channelBase === undefined) return channelBase ?? rootBase;
  try {
    return new URL(channelBase, rootBase).href;
  } catch {
    return channelBase;
  }
}

function readItem(item: Record<string, unknown>, type: 'RSS' | 'RDF', bodyMarkup: string | undefined, markup: RssInlineMarkup): ParsedItem {
  const attributes = attributeMap(item['tributary:attributes']);
  const guidElement = item['tributary:guid'];
  // RSS 1.0 has no guid: rdf:about is the item's identifier (usually its URL).
  const guid = textOf(guidElement)?.trim() ?? (type === 'RDF' ? attributes['rdf:about']?.trim() || undefined : undefined);
  const content = readContent(item, bodyMarkup);
  const title = markup.title === undefined ? readTitle(item) : { text: markup.title };
  return withoutUndefined({
    guid,
    title: title?.text,
    titleIsHtml: title?.isHtml,
    link: readLink(item, guid, guidElement),
    // rss-parser puts <description> under `content`; raw elements in it are read from the document (`markup`).
    summary: markup.description ?? textOf(item['content']) ?? textOf(item['summary']) ?? textOf(item['dc:description']) ?? textOf(item['itunes:summary']) ?? readMediaDescription(item),
    content: content?.text,
    contentIsHtml: content?.isHtml,
    author: readAuthor(item),
    published: textOf(item['pubDate']) ?? textOf(item['dc:date']) ?? textOf(item['dcterms:issued']) ?? textOf(item['dcterms:created']) ?? textOf(item['atom:published']),
    updated: textOf(item['atom:updated']) ?? textOf(item['dcterms:modified']),
    lang: textOf(item['dc:language']) ?? attributesOf(content?.element)['xml:lang'] ?? attributes['xml:lang'],
    base: attributes['xml:base'],
    contentBase: attributesOf(content?.element)['xml:base'],
    categories: readCategories(item),
    enclosures: readItemEnclosures(item),
    images: readMediaImages(item),
  });
}

/**
 * content:encoded; else an XHTML body (its markup as written, else its text); else Userland's old
 * <fullitem>, escaped HTML like content:encoded. `element` is the one read, for its xml:lang and xml:base.
 */
function readContent(item: Record<string, unknown>, bodyMarkup: string | undefined): { text: string; isHtml: boolean; element: unknown } | undefined {
  const encoded = textOf(item['content:encoded']);
  if (encoded !== undefined) return { text: encoded, isHtml: true, element: item['content:encoded'] };
  const body = XHTML_BODY_NAMES.map((name) => item[name]).find((element) => element !== undefined);
  if (body !== undefined) {
    if (bodyMarkup !== undefined) return { text: bodyMarkup, isHtml: true, element: body };
    const text = flattenText(body);
    if (text !== undefined) return { text, isHtml: false, element: body };
  }
  const fullitem = textOf(item['fullitem']);
  return fullitem === undefined ? undefined : { text: fullitem, isHtml: true, element: item['fullitem'] };
}

/** <title>, else dc:title (rss-parser's `title` is either; read as HTML, as RSS titles are in practice), else a media:title. */
function readTitle(item: Record<string, unknown>): { text: string; isHtml?: boolean } | undefined {
  const text = textOf(item['title']) ?? flattenText(item['tributary:title']);
  return text === undefined ? readMediaTitle(item) : { text };
}

/** <enclosure> elements, then Atom-style links with rel="enclosure" (atom:link, or unprefixed), each URL once. */
function readItemEnclosures(item: Record<string, unknown>): ParsedMedia[] {
  const enclosures = readEnclosures(item['tributary:enclosures']);
  for (const link of readLinkEnclosures([...listOf(item['atom:link']), ...listOf(item['tributary:links'])])) {
    if (!enclosures.some((known) => known.url === link.url)) enclosures.push(link);
  }
  return enclosures;
}

/**
 * <link> text (or href, from a feed that wrote Atom links unprefixed, unless its rel says it is
 * no alternate); else an atom:link (alternate); else a guid that is a permalink (RSS 2.0: isPermaLink
 * defaults to true) and looks like a URL; else RDF's rdf:about when it is one.
 */
function readLink(item: Record<string, unknown>, guid: string | undefined, guidElement: unknown): string | undefined {
  for (const link of listOf(item['tributary:links'])) {
    if ((attributesOf(link)['rel']?.trim() ?? 'alternate') !== 'alternate') continue;
    const url = linkOf(link);
    if (url) return url;
  }
  const atomLink = alternateAtomLink(item['atom:link']);
  if (atomLink) return atomLink;
  const isPermaLink = attributesOf(guidElement)['isPermaLink']?.trim().toLowerCase() !== 'false';
  if (guid && isPermaLink && /^https?:\/\//i.test(guid)) return guid;
  const about = attributeMap(item['tributary:attributes'])['rdf:about']?.trim();
  return about && /^https?:\/\//i.test(about) ? about : undefined;
}

function alternateAtomLink(links: unknown): string | undefined {
  for (const link of listOf(links)) {
    const attributes = attributesOf(link);
    if ((attributes['rel'] ?? 'alternate') === 'alternate' && attributes['href']?.trim()) return attributes['href'].trim();
  }
  return undefined;
}

function linkOf(link: unknown): string | undefined {
  return textOf(link)?.trim() ?? (attributesOf(link)['href']?.trim() || undefined);
}

/**
 * dc:creator (all of them, joined); else <author>, which RSS 2.0 wants as an e-mail address with
 * the name in parentheses; else itunes:author or the names of atom:author, preferred to an <author>
 * that is a bare address; else dc:author.
 */
function readAuthor(item: Record<string, unknown>): string | undefined {
  const creators = textsOf(item['tributary:creators']);
  if (creators.length > 0) return creators.join(', ');
  const author = textOf(item['author'])?.trim() ?? textOf(item['creator'])?.trim();
  const named = textOf(item['itunes:author'])?.trim() ?? readAtomAuthors(item['tributary:atomAuthors']);
  if (author !== undefined && (named === undefined || !/^\S+@\S+$/.test(author))) return author;
  return named ?? author ?? textOf(item['dc:author'])?.trim();
}

/** The names of <atom:author> elements (their address when they give no name), joined. */
function readAtomAuthors(authors: unknown): string | undefined {
  const names = listOf(authors).map((author) => (textOf(childOf(author, 'atom:name')) ?? textOf(childOf(author, 'atom:email')))?.trim());
  const distinct = [...new Set(names.filter((name): name is string => Boolean(name)))];
  return distinct.length > 0 ? distinct.join(', ') : undefined;
}

const PERIOD_MINUTES: Record<string, number> = { hourly: 60, daily: 1440, weekly: 10_080, monthly: 43_200, yearly: 525_600 };

/**
 * RSS 2.0 <ttl> (minutes), else the syndication module: sy:updatePeriod (default daily) divided by
 * sy:updateFrequency (default 1). Nonsense values give undefined, never an error.
 */
function readRefreshMinutes(feed: Record<string, unknown>): number | undefined {
  const ttl = Number(textOf(feed['ttl'])?.trim());
  if (Number.isFinite(ttl) && ttl > 0) return ttl;
  const period = textOf(feed['sy:updatePeriod'])?.trim().toLowerCase();
  const frequencyText = textOf(feed['sy:updateFrequency'])?.trim();
  if (!period && !frequencyText) return undefined;
  const periodMinutes = PERIOD_MINUTES[period ?? 'daily'];
  const frequency = frequencyText === undefined ? 1 : Number(frequencyText);
  if (periodMinutes === undefined || !Number.isFinite(frequency) || frequency <= 0) return undefined;
  return periodMinutes / frequency;
}
