/** Builds RSS 2.0 documents for tests that need many feeds or feeds that change between polls. */
export interface FactoryItem {
  guid?: string;
  title: string;
  link?: string;
  date: string;
  description?: string;
}

export function rssFeed(title: string, items: readonly FactoryItem[]): string {
  const entries = items
    .map(
      (item) => `    <item>
      <title>${escapeXml(item.title)}</title>${item.link ? `\n      <link>${escapeXml(item.link)}</link>` : ''}${item.guid ? `\n      <guid isPermaLink="false">${escapeXml(item.guid)}</guid>` : ''}
      <pubDate>${new Date(item.date).toUTCString()}</pubDate>
      <description>${escapeXml(item.description ?? `About ${item.title}`)}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${escapeXml(title)}</title>
    <link>https://example.test/</link>
    <description>${escapeXml(title)}</description>
${entries}
  </channel>
</rss>
`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
