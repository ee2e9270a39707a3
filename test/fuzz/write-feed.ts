import type { FeedFormat, FeedRecord, ItemRecord, TextMode } from './structural-feeds.js';

/**
 * Writes a feed record as a document of its format, faithfully to whatever the record says: missing
 * fields are left out, text goes in as the record's text mode has it (raw text may well break the
 * document, which is the point), and the nesting and duplication quirks are applied.
 */
export function writeFeed(feed: FeedRecord): string {
  if (feed.format === 'json') return writeJsonFeed(feed);
  const items = feed.duplicateFirst && feed.items[0] ? [feed.items[0], ...feed.items] : feed.items;
  let written = items.map((item) => writeItem(feed.itemFormat, item, feed.textMode));
  if (feed.nesting === 'nested' && written.length >= 2) {
    // The first item goes inside the second, just before the second's end tag.
    const [first, second, ...rest] = written as [string, string, ...string[]];
    const end = second.lastIndexOf('</');
    written = [`${second.slice(0, end)}${first}${second.slice(end)}`, ...rest];
  }
  return writeContainer(feed, written.join('\n'));
}

const NAMESPACES = 'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"';

function writeContainer(feed: FeedRecord, items: string): string {
  const t = (name: string, value: string | undefined) => element(name, value, feed.textMode);
  const misplaced = feed.nesting === 'misplaced';
  const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
  switch (feed.format) {
    case 'rss2':
    case 'rss091': {
      const version = feed.format === 'rss2' ? '2.0' : '0.91';
      const head = `${t('title', feed.title)}${t('link', feed.link)}${t('description', feed.title)}${t('language', feed.lang)}`;
      return misplaced
        ? `${declaration}<rss version="${version}" ${NAMESPACES}><channel>${head}</channel>\n${items}</rss>`
        : `${declaration}<rss version="${version}" ${NAMESPACES}><channel>${head}\n${items}</channel></rss>`;
    }
    case 'rdf': {
      const channel = `<channel rdf:about="${attribute(feed.link ?? '', feed.textMode)}">${t('title', feed.title)}${t('link', feed.link)}${t('description', feed.title)}${t('dc:language', feed.lang)}`;
      const open = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" ${NAMESPACES}>`;
      return misplaced ? `${declaration}${open}${channel}\n${items}</channel></rdf:RDF>` : `${declaration}${open}${channel}</channel>\n${items}</rdf:RDF>`;
    }
    case 'atom':
    case 'atom03': {
      const open =
        feed.format === 'atom'
          ? `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"${feed.lang === undefined ? '' : ` xml:lang="${attribute(feed.lang, feed.textMode)}"`}>`
          : '<feed version="0.3" xmlns="http://purl.org/atom/ns#">';
      const head = `${t('title', feed.title)}${t('id', feed.link)}${t('updated', '2026-01-05T00:00:00Z')}${link('alternate', feed.link, feed.textMode)}`;
      return `${declaration}${open}${head}\n${misplaced ? `<entries>${items}</entries>` : items}</feed>`;
    }
    case 'json':
      throw new Error('a JSON Feed is written by writeJsonFeed');
  }
}

function writeItem(format: FeedFormat, item: ItemRecord, mode: TextMode): string {
  const t = (name: string, value: string | undefined) => element(name, value, mode);
  const categories = (name: string) => item.categories.map((category) => t(name, category)).join('');
  switch (format) {
    case 'rss2':
    case 'rss091':
    case 'json': {
      // (JSON items never come here: a JSON Feed is written whole by writeJsonFeed.)
      const enclosures = item.enclosures
        .map(
          (e) =>
            `<enclosure url="${attribute(e.url, mode)}"${e.type === undefined ? '' : ` type="${attribute(e.type, mode)}"`}${e.length === undefined ? '' : ` length="${attribute(e.length, mode)}"`}/>`,
        )
        .join('');
      const guid = item.id === undefined ? '' : `<guid isPermaLink="false">${text(item.id, mode)}</guid>`;
      const image = item.image === undefined ? '' : `<media:thumbnail url="${attribute(item.image, mode)}"/>`;
      return `<item>${t('title', item.title)}${t('link', item.link)}${guid}${t('pubDate', item.date)}${t('dc:creator', item.author)}${categories('category')}${t('description', item.description)}${t('content:encoded', item.content)}${enclosures}${image}</item>`;
    }
    case 'rdf':
      return `<item rdf:about="${attribute(item.link ?? item.id ?? '', mode)}">${t('title', item.title)}${t('link', item.link)}${t('dc:date', item.date)}${t('dc:creator', item.author)}${categories('dc:subject')}${t('description', item.description)}${t('content:encoded', item.content)}</item>`;
    case 'atom': {
      const type = item.htmlTyped ? 'html' : 'text';
      const typed = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name} type="${type}">${text(value, mode)}</${name}>`);
      const enclosures = item.enclosures
        .map((e) => `<link rel="enclosure" href="${attribute(e.url, mode)}"${e.type ? ` type="${attribute(e.type, mode)}"` : ''}${e.length ? ` length="${attribute(e.length, mode)}"` : ''}/>`)
        .join('');
      const author = item.author === undefined ? '' : `<author>${t('name', item.author)}</author>`;
      const terms = item.categories.map((category) => `<category term="${attribute(category, mode)}"/>`).join('');
      const image = item.image === undefined ? '' : `<media:thumbnail url="${attribute(item.image, mode)}"/>`;
      return `<entry>${typed('title', item.title)}${t('id', item.id)}${link('alternate', item.link, mode)}${t('published', item.date)}${t('updated', item.updated)}${author}${terms}${typed('summary', item.description)}${typed('content', item.content)}${enclosures}${image}</entry>`;
    }
    case 'atom03': {
      const content = item.content === undefined ? '' : `<content type="text/html" mode="escaped">${text(item.content, mode)}</content>`;
      return `<entry>${t('title', item.title)}${link('alternate', item.link, mode)}${t('id', item.id)}${t('issued', item.date)}${t('modified', item.updated)}${t('summary', item.description)}${content}</entry>`;
    }
  }
}

function writeJsonFeed(feed: FeedRecord): string {
  const wrong = feed.jsonWrongTypes;
  const items = feed.items.map((item) =>
    dropUndefined({
      id: wrong && item.id !== undefined ? item.id.length : item.id,
      url: wrong && item.link !== undefined ? { href: item.link } : item.link,
      title: item.title,
      summary: item.description,
      content_html: item.content,
      content_text: item.htmlTyped ? undefined : item.description,
      date_published: item.date,
      date_modified: item.updated,
      authors: item.author === undefined ? undefined : [{ name: item.author }],
      tags: wrong ? Object.fromEntries(item.categories.map((category, index) => [index, category])) : item.categories,
      image: item.image,
      attachments: item.enclosures.map((e) => dropUndefined({ url: e.url, mime_type: e.type, size_in_bytes: e.length === undefined ? undefined : Number(e.length) })),
    }),
  );
  const all = feed.duplicateFirst && items[0] ? [items[0], ...items] : items;
  if (feed.nesting === 'nested' && all.length >= 2) all[1] = { ...all[1], items: [all[0]] };
  const document = dropUndefined({
    version: feed.jsonVersion || undefined,
    title: feed.title,
    home_page_url: feed.link,
    language: feed.lang,
    [feed.nesting === 'misplaced' ? 'entries' : 'items']: all,
  });
  return JSON.stringify(document, null, 1);
}

function dropUndefined(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

function element(name: string, value: string | undefined, mode: TextMode): string {
  return value === undefined ? '' : `<${name}>${text(value, mode)}</${name}>`;
}

function link(rel: string, href: string | undefined, mode: TextMode): string {
  return href === undefined ? '' : `<link rel="${rel}" href="${attribute(href, mode)}"/>`;
}

function text(value: string, mode: TextMode): string {
  switch (mode) {
    case 'escaped':
      return escapeXml(value);
    case 'cdata':
      return `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
    case 'raw':
      return value;
  }
}

function attribute(value: string, mode: TextMode): string {
  return mode === 'raw' ? value : escapeXml(value).replaceAll('"', '&quot;');
}

function escapeXml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
