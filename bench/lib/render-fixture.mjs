import { escapeXml } from './crypto-news.mjs';

/*
 * One fixture feed document in RSS 2.0, Atom 1.0 or RSS 1.0 (RDF), with the namespaces real
 * crypto-news feeds use: content:encoded, dc:creator, media:content.
 */

/** @typedef {import('./crypto-news.mjs').NewsItem} NewsItem */
/** @typedef {'rss' | 'atom' | 'rdf'} FixtureFormat */
/** @typedef {{ index: number, title: string, home: string, selfUrl: string }} FeedHead */

export const CONTENT_TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  rdf: 'application/rdf+xml; charset=utf-8',
};

/**
 * @param {FixtureFormat} format
 * @param {FeedHead} head
 * @param {readonly NewsItem[]} items newest first
 * @returns {string}
 */
export function renderFixture(format, head, items) {
  if (format === 'atom') return renderAtom(head, items);
  if (format === 'rdf') return renderRdf(head, items);
  return renderRss(head, items);
}

/** @param {string} text */
function cdata(text) {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** @param {FeedHead} head @param {readonly NewsItem[]} items */
function renderRss(head, items) {
  const updated = items[0]?.date ?? new Date(0);
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" ',
    'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">\n<channel>\n',
    `<title>${escapeXml(head.title)}</title>\n<link>${head.home}</link>\n`,
    `<atom:link href="${head.selfUrl}" rel="self" type="application/rss+xml"/>\n`,
    `<description>Latest crypto news from ${escapeXml(head.title)}</description>\n<language>en</language>\n`,
    `<lastBuildDate>${updated.toUTCString()}</lastBuildDate>\n`,
  ];
  for (const item of items) {
    parts.push(
      '<item>\n',
      `<title>${escapeXml(item.title)}</title>\n<link>${item.link}</link>\n`,
      `<guid isPermaLink="false">${item.guid}</guid>\n<pubDate>${item.date.toUTCString()}</pubDate>\n`,
      `<dc:creator>${cdata(item.author)}</dc:creator>\n`,
      ...item.categories.map((category) => `<category>${cdata(category)}</category>\n`),
      `<description>${cdata(item.summaryHtml)}</description>\n`,
      `<content:encoded>${cdata(item.contentHtml)}</content:encoded>\n`,
      `<media:content url="${item.image.url}" medium="image" type="image/jpeg" width="${item.image.width}" height="${item.image.height}"/>\n`,
      '</item>\n',
    );
  }
  parts.push('</channel>\n</rss>\n');
  return parts.join('');
}

/** @param {FeedHead} head @param {readonly NewsItem[]} items */
function renderAtom(head, items) {
  const updated = (items[0]?.date ?? new Date(0)).toISOString();
  const parts = [
    '<?xml version="1.0" encoding="utf-8"?>\n',
    '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="en">\n',
    `<title>${escapeXml(head.title)}</title>\n<id>${head.home}/</id>\n<updated>${updated}</updated>\n`,
    `<link rel="alternate" type="text/html" href="${head.home}"/>\n<link rel="self" type="application/atom+xml" href="${head.selfUrl}"/>\n`,
  ];
  for (const item of items) {
    const date = item.date.toISOString();
    parts.push(
      '<entry>\n',
      `<id>${item.guid}</id>\n<title type="html">${escapeXml(item.title)}</title>\n`,
      `<link rel="alternate" type="text/html" href="${item.link}"/>\n`,
      `<published>${date}</published>\n<updated>${date}</updated>\n`,
      `<author><name>${escapeXml(item.author)}</name></author>\n`,
      ...item.categories.map((category) => `<category term="${escapeXml(category)}"/>\n`),
      `<summary type="html">${escapeXml(item.summaryHtml)}</summary>\n`,
      `<content type="html">${escapeXml(item.contentHtml)}</content>\n`,
      `<media:content url="${item.image.url}" medium="image" type="image/jpeg" width="${item.image.width}" height="${item.image.height}"/>\n`,
      '</entry>\n',
    );
  }
  parts.push('</feed>\n');
  return parts.join('');
}

/** @param {FeedHead} head @param {readonly NewsItem[]} items */
function renderRdf(head, items) {
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" ',
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n',
    `<channel rdf:about="${head.selfUrl}">\n<title>${escapeXml(head.title)}</title>\n<link>${head.home}</link>\n`,
    `<description>Latest crypto news from ${escapeXml(head.title)}</description>\n<dc:language>en</dc:language>\n<items><rdf:Seq>\n`,
    ...items.map((item) => `<rdf:li rdf:resource="${item.link}"/>\n`),
    '</rdf:Seq></items>\n</channel>\n',
  ];
  for (const item of items) {
    parts.push(
      `<item rdf:about="${item.link}">\n`,
      `<title>${escapeXml(item.title)}</title>\n<link>${item.link}</link>\n`,
      `<description>${escapeXml(item.summaryHtml)}</description>\n`,
      `<dc:creator>${escapeXml(item.author)}</dc:creator>\n<dc:date>${item.date.toISOString()}</dc:date>\n`,
      ...item.categories.map((category) => `<dc:subject>${escapeXml(category)}</dc:subject>\n`),
      `<content:encoded>${cdata(item.contentHtml)}</content:encoded>\n`,
      '</item>\n',
    );
  }
  parts.push('</rdf:RDF>\n');
  return parts.join('');
}
