import type { SourceConfig } from '../config/schema.js';
import { publicUri } from '../model/redact-uri.js';

/** Where Tributary keeps what OPML has no attribute for (key, schedule, enabled), so a round trip loses nothing. */
export const TRIBUTARY_NS = { prefix: 'tributary', uri: 'https://github.com/tributary/tributary/opml' } as const;

export interface OpmlHead {
  title: string;
  /** Written as RFC 822, as OPML 2.0 asks. */
  dateCreated: Date;
}

/**
 * An OPML 2.0 subscription list of the sources: one `type="rss"` outline per source (text and title
 * = name, xmlUrl = url, category = its tags, and its key, schedule and `enabled: false` in the
 * tributary namespace), grouped under one outline per category, in the order categories first
 * appear; sources without a category stay at the top level, in their place. Pure.
 */
export function renderOpml(head: OpmlHead, sources: readonly SourceConfig[]): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<opml version="2.0" xmlns:${TRIBUTARY_NS.prefix}="${TRIBUTARY_NS.uri}">`,
    '  <head>',
    `    <title>${escapeXml(head.title)}</title>`,
    `    <dateCreated>${head.dateCreated.toUTCString()}</dateCreated>`,
    '    <docs>http://opml.org/spec2.opml</docs>',
    '  </head>',
    '  <body>',
  ];
  for (const group of groupByCategory(sources)) {
    if (group.category === undefined) {
      lines.push(`    ${renderOutline(group.sources[0]!)}`);
      continue;
    }
    const label = escapeXml(group.category);
    lines.push(`    <outline text="${label}" title="${label}">`);
    for (const source of group.sources) lines.push(`      ${renderOutline(source)}`);
    lines.push('    </outline>');
  }
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}

function renderOutline(source: SourceConfig): string {
  const attributes: Array<[string, string]> = [
    ['type', 'rss'],
    ['text', source.name],
    ['title', source.name],
    ['xmlUrl', publicUri(source.url)],
  ];
  if (source.tags.length > 0) attributes.push(['category', source.tags.join(',')]);
  attributes.push([`${TRIBUTARY_NS.prefix}:key`, source.key]);
  if (source.schedule !== undefined) attributes.push([`${TRIBUTARY_NS.prefix}:schedule`, source.schedule]);
  if (!source.enabled) attributes.push([`${TRIBUTARY_NS.prefix}:enabled`, 'false']);
  return `<outline ${attributes.map(([name, value]) => `${name}="${escapeXml(value)}"`).join(' ')}/>`;
}

/** Runs of the top level: one group per category (members gathered), one per uncategorized source. */
function groupByCategory(sources: readonly SourceConfig[]): Array<{ category?: string; sources: SourceConfig[] }> {
  const groups: Array<{ category?: string; sources: SourceConfig[] }> = [];
  const byCategory = new Map<string, SourceConfig[]>();
  for (const source of sources) {
    if (source.category === undefined) {
      groups.push({ sources: [source] });
      continue;
    }
    const members = byCategory.get(source.category);
    if (members) {
      members.push(source);
      continue;
    }
    const created = [source];
    byCategory.set(source.category, created);
    groups.push({ category: source.category, sources: created });
  }
  return groups;
}

/**
 * Text and attribute values: markup characters escaped, line breaks and tabs as character
 * references (an attribute would otherwise lose them), characters XML 1.0 forbids dropped.
 */
export function escapeXml(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}
