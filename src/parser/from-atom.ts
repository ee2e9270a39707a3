import { readMediaDescription, readMediaImages, withoutUndefined } from './media.js';
import type { ParsedFeed, ParsedItem, ParsedMedia } from './parsed-feed.js';
import { readCategories } from './read-categories.js';
import type { RssParserOutput } from './run-rss-parser.js';
import { readXhtmlBlocks, type XhtmlBlocks } from './xhtml-blocks.js';
import {
  attributeMap,
  attributesOf,
  childOf,
  flattenText,
  integerOf,
  listOf,
  textOf,
  textsOf,
} from './xml-values.js';

/**
 * Translates rss-parser's reading of an Atom 1.0 or 0.3 document. rss-parser only half-reads Atom,
 * so most fields come from the raw elements copied beside its own (see run-rss-parser.ts).
 */
export function fromAtom(output: RssParserOutput, text: string, prefix?: string): ParsedFeed {
  const { feed } = output;
  const xhtml = readXhtmlBlocks(text, output.items.length, prefix);
  const attributes = attributeMap(feed['tributary:attributes']);
  const feedAuthor = readAuthors(feed['tributary:authors']);
  return withoutUndefined({
    type: 'ATOM' as const,
    title: readText(feed['tributary:title'], undefined)?.text,
    link: readAlternateLink(feed['atom:link']),
    id: textOf(feed['id'])?.trim(),
    description: readText(feed['subtitle'] ?? feed['tagline'], undefined)?.text,
    lang: attributes['xml:lang'] ?? textOf(feed['language']) ?? textOf(feed['dc:language']),
    updated: textOf(feed['atom:updated']) ?? textOf(feed['modified']),
    base: attributes['xml:base'],
    items: output.items.map((entry, index) => readEntry(entry, feedAuthor, xhtml?.[index] ?? {})),
  });
}

function readEntry(entry: Record<string, unknown>, feedAuthor: string | undefined, xhtml: XhtmlBlocks): ParsedItem {
  const attributes = attributeMap(entry['tributary:attributes']);
  const content = readText(entry['tributary:content'], xhtml.content ?? entry['content']);
  const summary = readText(entry['tributary:summary'], xhtml.summary ?? entry['summary']);
  return withoutUndefined({
    guid: textOf(entry['id'])?.trim(),
    title: readText(entry['tributary:title'], xhtml.title)?.text,
    link: readAlternateLink(entry['atom:link']),
    summary: summary?.text ?? readMediaDescription(entry),
    content: content?.text,
    contentIsHtml: content?.isHtml,
    // An entry without an author has the feed's (RFC 4287 §4.2.1).
    author: readAuthors(entry['tributary:authors']) ?? (textsOf(entry['tributary:creators']).join(', ') || feedAuthor),
    // Atom 0.3 named them issued/created and modified.
    published: textOf(entry['atom:published']) ?? textOf(entry['issued']) ?? textOf(entry['created']),
    updated: textOf(entry['atom:updated']) ?? textOf(entry['modified']),
    lang: attributes['xml:lang'] ?? textOf(entry['dc:language']),
    base: attributes['xml:base'],
    contentBase: attributesOf(entry['tributary:content'])['xml:base'],
    categories: readCategories(entry),
    enclosures: readLinkEnclosures(entry['atom:link']),
    images: readMediaImages(entry),
  });
}

interface AtomText {
  text: string;
  isHtml: boolean;
}

/**
 * An Atom text construct: type text (the default), html, or xhtml (inline markup, which xml2js
 * doesn't keep as markup: pass it as `markup`, from the document or rebuilt by rss-parser). Atom 0.3
 * also has mode="escaped" (markup as text), mode="xml" (inline markup) and mode="base64".
 */
function readText(element: unknown, markup: unknown): AtomText | undefined {
  const attributes = attributesOf(element);
  const type = (attributes['type'] ?? '').trim().toLowerCase();
  const mode = (attributes['mode'] ?? '').trim().toLowerCase();
  if (type === 'xhtml' || type === 'application/xhtml+xml' || mode === 'xml') {
    const html = typeof markup === 'string' && markup.trim() !== '' ? markup : undefined;
    const text = html ?? flattenText(element);
    return text === undefined ? undefined : { text, isHtml: html !== undefined };
  }
  let text = textOf(element);
  if (text === undefined) return undefined;
  if (mode === 'base64') text = Buffer.from(text, 'base64').toString('utf8');
  return { text, isHtml: type === 'html' || type.includes('html') || mode === 'escaped' };
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

function readLinkEnclosures(links: unknown): ParsedMedia[] {
  return listOf(links).flatMap((link) => {
    const attributes = attributesOf(link);
    const url = attributes['href']?.trim();
    if (attributes['rel']?.trim() !== 'enclosure' || !url) return [];
    return [withoutUndefined({ url, type: attributes['type']?.trim() || undefined, length: integerOf(attributes['length']) })];
  });
}

/** Names of <author><name>…</name></author> (or a bare <author>name</author>), joined. */
function readAuthors(authors: unknown): string | undefined {
  const names: string[] = [];
  for (const author of listOf(authors)) {
    const name = (textOf(childOf(author, 'name')) ?? textOf(author))?.trim();
    if (name && !names.includes(name)) names.push(name);
  }
  return names.length > 0 ? names.join(', ') : undefined;
}
