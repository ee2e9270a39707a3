import { bodyForParser } from '../fetcher/decode-body.js';
import { documentDigest } from '../normalizer/known-items.js';
import { parseFeed } from '../parser/parse-feed.js';
import type { ParsedFeed } from '../parser/parsed-feed.js';
import type { DocumentJob } from './document-job.js';

/**
 * The job's document parsed, leaving out the items known by their raw hash (parser/raw-items.ts)
 * from the source's last document. What the parser left out is only as good as the record it came
 * from: unless this document's digest (its settings and the feed-level fields items fall back on,
 * read from the parse) is the record's, the document is parsed again, whole, and every item
 * normalized. The record's version was checked when the job was made (knownItemsForJob).
 */
export async function parseSkippingKnown(job: DocumentJob): Promise<ParsedFeed> {
  const { known } = job;
  const body = bodyForParser(job.body, job.parse.contentType);
  const knownRaw = known?.raw && known.raw.size > 0 ? new Set(known.raw.keys()) : undefined;
  const feed = await parseFeed(body, job.parse, knownRaw);
  if (!known || !feed.rawItems?.skipped.includes(true)) return feed;
  if (documentDigest(feed, { ...job.normalize, type: feed.type }, job.options) === known.digest) return feed;
  return parseFeed(body, job.parse);
}
