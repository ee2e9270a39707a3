import type { InspectedItem, InspectReport } from './inspect-report.js';
import type { ParsedItemFields } from './parsed-item-fields.js';

/** The report as an operator reads it in a terminal: the feed, then each item, then what was refused. */
export function formatInspectText(report: InspectReport): string {
  const { feed, document } = report;
  const lines = [`${feed.type} feed: ${feed.title ?? '(no title)'}`];
  pushField(lines, '  ', 'link', feed.link);
  pushField(lines, '  ', 'id', feed.id);
  pushField(lines, '  ', 'lang', feed.lang);
  pushField(lines, '  ', 'updated', feed.updatedAt);
  pushField(lines, '  ', 'document', [document.url, document.encoding, document.contentType].filter(Boolean).join(' · '));
  lines.push(`${count(report.items.length, 'item')}, ${report.rejected.length} rejected`);
  if (report.unreadItems !== null) lines.push(`  no items read: ${report.unreadItems}`);
  if (report.recoveredFrom !== null) lines.push(`  recovered from ${report.recoveredFrom}`);
  for (const [index, item] of report.items.entries()) lines.push('', ...formatItem(item, index + 1));
  if (report.rejected.length > 0) {
    lines.push('', 'rejected:');
    for (const rejection of report.rejected) {
      const about = rejection.guid ?? rejection.title;
      lines.push(`  item ${rejection.index}${about ? ` (${about})` : ''}: ${rejection.reason}`, ...formatParsedFields(rejection.parsed));
    }
  }
  return `${lines.join('\n')}\n`;
}

function formatItem(item: InspectedItem, position: number): string[] {
  const lines = [`[${position}] ${item.title}`];
  const indent = '    ';
  pushField(lines, indent, 'link', item.link);
  pushField(lines, indent, 'id', item.guid === null || item.guid === item.externalId ? item.externalId : `${item.externalId} (guid ${item.guid})`);
  pushField(lines, indent, 'published', item.publishedAt === item.updatedAt ? item.publishedAt : `${item.publishedAt} · updated ${item.updatedAt}`);
  pushField(lines, indent, 'author', item.author);
  pushField(lines, indent, 'lang', item.lang);
  pushField(lines, indent, 'sentiment', item.sentiment && `${item.sentiment.label} (${item.sentiment.score.toFixed(2)}${item.sentiment.from === 'source' ? ', from the source' : ''})`);
  pushField(lines, indent, 'topics', item.topics.join(', '));
  pushField(lines, indent, 'category', item.category);
  pushField(lines, indent, 'tags', item.tags.join(', '));
  for (const enclosure of item.enclosures) {
    const details = [enclosure.type, enclosure.length === null ? null : `${enclosure.length} bytes`].filter(Boolean).join(', ');
    pushField(lines, indent, 'enclosure', details ? `${enclosure.url} (${details})` : enclosure.url);
  }
  pushField(lines, indent, 'cover', item.coverImage?.url);
  pushField(lines, indent, 'content', item.content === null ? null : `${count(item.content.length, 'character')} of HTML`);
  if (item.description !== '') lines.push(`${indent}${item.description}`);
  return lines;
}

/** What the document gave for a rejected item, a field a line; lists joined. */
function formatParsedFields(parsed: ParsedItemFields): string[] {
  const indent = '    ';
  const entries = Object.entries(parsed);
  if (entries.length === 0) return [`${indent}(the document gave nothing for it)`];
  // Wider than pushField's labels: `categories` and `enclosures` fill ten columns.
  return entries.map(([label, value]) => `${indent}${label.padEnd(12)}${Array.isArray(value) ? value.join(', ') : value}`);
}

function pushField(lines: string[], indent: string, label: string, value: string | null | undefined): void {
  if (value) lines.push(`${indent}${label.padEnd(10)}${value}`);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
