import { pathToFileURL } from 'node:url';
import { workerData } from 'node:worker_threads';
import Parser from 'rss-parser';

const parser = new Parser();
/** With --sanitize: Tributary's own sanitizer (from the measured build), run on every item's body. */
const sanitize = workerData?.sanitizeModule ? (await import(pathToFileURL(workerData.sanitizeModule).href)).sanitizeContent : undefined;

/** Parses one document (and sanitizes each item's body); answers its item count. @param {string} text */
export default async function parse(text) {
  const feed = await parser.parseString(text);
  if (sanitize) for (const item of feed.items) sanitize(item['content:encoded'] ?? item.content ?? '', item.link);
  return feed.items.length;
}
