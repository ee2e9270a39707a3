import Parser from 'rss-parser';

const parser = new Parser();

/** Parses one document; answers its item count. @param {string} text */
export default async function parse(text) {
  const feed = await parser.parseString(text);
  return feed.items.length;
}
