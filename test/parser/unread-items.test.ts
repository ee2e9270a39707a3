import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/parser/parse-feed.js';

const parse = (text: string) => parseFeed(text, { sourceKey: 'wire', url: 'https://wire.example/feed' });
const entry = '<entry><title>E</title><id>urn:e</id><link href="https://wire.example/e"/><updated>2026-11-30T10:00:00Z</updated></entry>';
const item = '<item><title>I</title><link>https://wire.example/i</link><guid>i</guid></item>';

describe('a feed read with no items says why it may hold some all the same', () => {
  it.each([
    [
      'RSS items wrapped in another element',
      `<rss version="2.0"><channel><title>T</title><items>${item}${item}</items></channel></rss>`,
      '2 <item> elements found, but none inside <channel>, where RSS reads items',
    ],
    [
      'Atom entries wrapped in another element',
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entries>${entry}</entries></feed>`,
      '1 <entry> element found, but none as children of <feed>, where Atom reads items',
    ],
    ['Atom entries in an RSS channel', `<rss version="2.0"><channel><title>T</title>${entry}</channel></rss>`, "1 <entry> element (Atom's item) in RSS, which reads <item>"],
    ['RSS items in an Atom feed', `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>${item}${item}${item}</feed>`, "3 <item> elements (RSS's item) in Atom, which reads <entry>"],
  ])('%s', async (_name, text, problem) => {
    const feed = await parse(text);
    expect(feed.items).toEqual([]);
    expect(feed.unreadItems).toBe(problem);
  });

  it('says nothing of a feed that is simply empty, nor of markup quoted in CDATA or a comment', async () => {
    const empty = await parse('<rss version="2.0"><channel><title>Quiet</title></channel></rss>');
    expect(empty.unreadItems).toBeUndefined();
    const quoted = await parse(`<rss version="2.0"><channel><title>Quiet</title><description><![CDATA[Write ${item} or ${entry}]]></description><!-- ${item} --></channel></rss>`);
    expect(quoted.items).toEqual([]);
    expect(quoted.unreadItems).toBeUndefined();
  });

  it("reads RSS items after </channel> as the channel's, and says nothing of them", async () => {
    const feed = await parse(`<rss version="2.0"><channel><title>T</title></channel>${item}${item}</rss>`);
    expect(feed.items).toHaveLength(2);
    expect(feed.unreadItems).toBeUndefined();
  });
});
