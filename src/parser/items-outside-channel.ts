/**
 * An RSS 0.9x/2.0 document whose items follow its </channel> (`<rss><channel>…</channel><item>…`,
 * which some old RSS 0.91 generators wrote) with that end tag moved to just before </rss>, so the
 * items are read as the channel's; any other document as it is. Only the end tag moves, and only
 * text is looked at: the caller reads the result only when the document as it was gave no items.
 */
export function withItemsInChannel(document: string): string {
  const end = document.lastIndexOf('</channel>');
  const rootEnd = document.lastIndexOf('</rss');
  if (end === -1 || rootEnd < end || !/<item[\s>/]/.test(document.slice(end, rootEnd))) return document;
  const after = end + '</channel>'.length;
  return `${document.slice(0, end)}${document.slice(after, rootEnd)}</channel>${document.slice(rootEnd)}`;
}
