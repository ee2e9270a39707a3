/**
 * An RSS document built to spin the parse thread: 10 items, each an escaped description of 80,000
 * unclosed `<b>` tags (7.2 MB). The HTML parser under the sanitizer keeps its open elements in a
 * list it searches at each tag, so this takes about 15 s, where a real feed of that size takes a
 * fraction of it. (One item of 200,000 took 12 s until the sanitizer dropped elements nested deeper
 * than 512; the cut to items.maxContentBytes leaves 87,000 of them, about 1.5 s.)
 */
export function spinningRss(site: string): string {
  const item = (index: number) => `<item><title>Spin ${index}</title><link>${site}/spin/${index}</link><description>${'&lt;b&gt;'.repeat(80_000)}</description></item>`;
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Spin</title>${Array.from({ length: 10 }, (_, index) => item(index)).join('')}</channel></rss>`;
}

/**
 * An RSS document built to need a parse thread's memory: `bytes` of the smallest items an RSS
 * parser reads (a title and a guid each, about 40 bytes). The parser builds every item before the
 * cut to items.maxItems, so 10 MB of them (about 260,000 items) need between 128 and 192 MB of heap.
 */
export function crowdedRss(bytes: number): string {
  const parts = ['<?xml version="1.0"?><rss version="2.0"><channel><title>Crowded</title>'];
  let length = parts[0]!.length;
  for (let index = 0; length < bytes; index++) {
    const item = `<item><title>t${index}</title><guid>${index}</guid></item>`;
    parts.push(item);
    length += item.length;
  }
  parts.push('</channel></rss>');
  return parts.join('');
}
