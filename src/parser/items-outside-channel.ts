/**
 * An RSS 0.9x/2.0 document whose items follow its </channel> (`<rss><channel>…</channel><item>…`,
 * which some old RSS 0.91 generators wrote) with that end tag moved to just before </rss>, so the
 * items are read as the channel's; any other document as it is. Only the end tag moves.
 */
export function withItemsInChannel(document: string): string {
  const end = document.lastIndexOf('</channel>');
  if (end === -1 || !/<item[\s>/]/.test(document.slice(end))) return document;
  const after = end + '</channel>'.length;
  const rootEnd = document.lastIndexOf('</rss');
  // A truncated document has no </rss>: the channel is left open, for the lenient pass to close.
  if (rootEnd < after) return document.slice(0, end) + document.slice(after);
  return `${document.slice(0, end)}${document.slice(after, rootEnd)}</channel>${document.slice(rootEnd)}`;
}
