import { createNewsGenerator } from './crypto-news.mjs';

/*
 * Items in Tributary's model (src/model/item.ts), made from the same generator as the fixture
 * feeds, for the scenarios that fill the store directly: store and publish.
 */

/** @param {string} html */
function plainText(html) {
  const text = html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= 300) return text;
  const cut = text.slice(0, 300);
  return `${cut.slice(0, cut.lastIndexOf(' '))}…`;
}

/**
 * `items(feed, count)`: the newest `count` items of fixture feed `feed` as Tributary stores them.
 * @param {number} [seed]
 */
export function createStoredItems(seed = 7) {
  const news = createNewsGenerator(seed);
  /** @param {number} feed @param {number} count */
  function items(feed, count) {
    const list = [];
    for (let seq = count - 1; seq >= 0; seq--) {
      const n = news.item(feed, seq);
      const date = n.date.toISOString();
      list.push({
        externalId: n.guid,
        title: n.title,
        description: plainText(n.summaryHtml),
        content: n.contentHtml,
        link: n.link,
        author: n.author,
        publishedAt: date,
        updatedAt: date,
        lang: 'en',
        source: { key: `feed-${feed}`, name: `Crypto Wire ${feed}`, type: 'RSS' },
        category: n.categories[0],
        tags: n.categories,
        coverImage: { url: n.image.url, type: 'image/jpeg', width: n.image.width, height: n.image.height },
        enclosures: [],
      });
    }
    return list;
  }
  return { items };
}
