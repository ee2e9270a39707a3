import { isUtf8 } from 'node:buffer';
import { readInlineMarkup, type InlineMarkup } from './inline-markup.js';
import { readLinkEnclosures, readMediaDescription, readMediaImages, readMediaTitle, withoutUndefined } from './media.js';
import type { ParsedFeed, ParsedItem } from './parsed-feed.js';
import { readCategories } from './read-categories.js';
import type { RssParserOutput } from './run-rss-parser.js';
import { attributeMap, attributesOf, childOf, flattenText, listOf, textOf, textsOf } from './xml-values.js';

/**
 * Translates rss-parser's reading of an Atom 1.0 or 0.3 document. rss-parser only half-reads Atom,
 * so most fields come from the raw elements copied beside its own (see run-rss-parser.ts).
 */
export function fromAtom(output: RssParserOutput, text: string, prefix?: string): ParsedFeed {
  const { feed } = output;
  const markup = readInlineMarkup(text, output.items.length, prefix);
  const attributes = attributeMap(feed['tributary:attributes']);
  const feedAuthor = readAuthors(feed['tributary:authors']);
  const title = readText(feed['tributary:title'], markup.feed['title']);
  return withoutUndefined({
    type: 'ATOM' as const,
    title: title?.text,
    titleIsHtml: title?.isHtml,
    link: readAlternateLink(feed['atom:link']),
    id: textOf(feed['id'])?.trim(),
    description: readText(feed['subtitle'] ?? feed['tagline'], markup.feed['subtitle'] ?? markup.feed['tagline'])?.text,
    lang: attributes['xml:lang'] ?? textOf(feed['language']) ?? textOf(feed['dc:language']),
    updated: textOf(feed['atom:updated']) ?? textOf(feed['modified']),
    base: attributes['xml:base'],
    items: output.items.map((entry, index) => readEntry(entry, feedAuthor, markup.entries?.[index] ?? {})),
  });
}

function readEntry(entry: Record<string, unknown>, feedAuthor: string | undefined, markup: InlineMarkup): ParsedItem {
  const attributes = attributeMap(entry['tributary:attributes']);
  const title = readText(entry['tributary:title'], markup['title']) ?? readMediaTitle(entry);
  const content = readText(entry['tributary:content'], markup['content'], entry['content']);
  const summary = readText(entry['tributary:summary'], markup['summary'], entry['summary']);
  return withoutUndefined({
    guid: textOf(entry['id'])?.trim(),
    title: title?.text,
    titleIsHtml: title?.isHtml,
    link: readAlternateLink(entry['atom:link']),
    summary: summary?.text ?? readMediaDescription(entry),
    summaryIsHtml: summary?.isHtml,
    content: content?.text,
    contentIsHtml: content?.isHtml,
    // An entry without an author has the feed's (RFC 4287 §4.2.1).
    author: readAuthors(entry['tributary:authors']) ?? (textsOf(entry['tributary:creators']).join(', ') || feedAuthor),
    // Atom 0.3 named them issued/created and modified.
    published: textOf(entry['atom:published']) ?? textOf(entry['issued']) ?? textOf(entry['created']),
    updated: textOf(entry['atom:updated']) ?? textOf(entry['modified']),
    // The language the entry is read in: that of its body (the content, else the summary, else the
    // title), which inherits the entry's. xml:lang="" says "unknown" and is kept as "".
    lang: attributesOf(entry[bodyElement(content, summary)])['xml:lang'] ?? attributes['xml:lang'] ?? textOf(entry['dc:language']),
    base: attributes['xml:base'],
    contentBase: attributesOf(entry['tributary:content'])['xml:base'],
    categories: readCategories(entry),
    enclosures: readLinkEnclosures(entry['atom:link']),
    images: readMediaImages(entry),
  });
}

function bodyElement(content: AtomText | undefined, summary: AtomText | undefined): string {
  return content ? 'tributary:content' : summary ? 'tributary:summary' : 'tributary:title';
}

interface AtomText {
  text: string;
  isHtml: boolean;
}

/**
 * An Atom text construct or content: type text (the default), html, xhtml, or a media type; Atom
 * 0.3 also has mode="escaped" (markup as text), mode="xml" (inline markup) and mode="base64".
 * `markup` is the element's inline markup, read from the document (xml2js can't keep it in order):
 * an element holding elements is markup whatever its type says. `rebuilt` is rss-parser's
 * rebuilding of XHTML, used when the document's markup could not be lined up with the entries.
 */
function readText(element: unknown, markup: string | undefined, rebuilt?: unknown): AtomText | undefined {
  const attributes = attributesOf(element);
  const type = (attributes['type'] ?? '').trim().toLowerCase();
  const mode = (attributes['mode'] ?? '').trim().toLowerCase();
  if (markup !== undefined && markup.trim() !== '') return { text: markup, isHtml: true };
  if (type === 'xhtml' || type === 'application/xhtml+xml' || mode === 'xml') {
    if (typeof rebuilt === 'string' && rebuilt.trim() !== '') return { text: rebuilt, isHtml: true };
    const text = flattenText(element);
    return text === undefined ? undefined : { text, isHtml: false };
  }
  const text = textOf(element);
  if (text === undefined) return undefined;
  if (mode === 'base64' || (mode === '' && isOpaqueMediaType(type))) return decodeBase64(text, type);
  return { text, isHtml: type === 'html' || type.includes('html') || mode === 'escaped' };
}

/**
 * RFC 4287 §4.1.3.3: content of a media type that is neither text/* nor XML is base64. Only text
 * can be shown: what doesn't decode to UTF-8 is dropped, and decoded markup is read as HTML.
 */
function isOpaqueMediaType(type: string): boolean {
  return type.includes('/') && !type.startsWith('text/') && !/[+/]xml$/.test(type);
}

function decodeBase64(text: string, type: string): AtomText | undefined {
  const bytes = Buffer.from(text.replace(/\s+/g, ''), 'base64');
  if (bytes.length === 0 || !isUtf8(bytes)) return undefined;
  const decoded = bytes.toString('utf8');
  const isHtml = type.includes('html') || (!type.startsWith('text/plain') && /<\/?[a-z][^<>]*>/i.test(decoded));
  return { text: decoded, isHtml };
}

/** rel="alternate" (or no rel) preferring an HTML type; else the first link that is not about the feed itself. */
function readAlternateLink(links: unknown): string | undefined {
  const candidates = listOf(links).flatMap((link) => {
    const attributes = attributesOf(link);
    const href = (attributes['href'] ?? textOf(link))?.trim();
    return href ? [{ href, rel: attributes['rel']?.trim() ?? 'alternate', type: attributes['type']?.trim() }] : [];
  });
  const alternates = candidates.filter((link) => link.rel === 'alternate');
  const html = alternates.find((link) => link.type === undefined || /html/i.test(link.type));
  const other = candidates.find((link) => !['self', 'edit', 'enclosure', 'replies', 'hub', 'edit-media'].includes(link.rel));
  return (html ?? alternates[0] ?? other)?.href;
}

/**
 * Names of <author><name>…</name></author>, joined; an author given only by <email> is that
 * address (Atom 0.3 and sloppy 1.0 feeds also write a bare <author>name</author>).
 */
function readAuthors(authors: unknown): string | undefined {
  const names: string[] = [];
  for (const author of listOf(authors)) {
    const name = (textOf(childOf(author, 'name')) ?? textOf(childOf(author, 'email')) ?? textOf(author))?.trim();
    if (name && !names.includes(name)) names.push(name);
  }
  return names.length > 0 ? names.join(', ') : undefined;
}
