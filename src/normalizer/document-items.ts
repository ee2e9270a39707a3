import type { ParsedFeed, ParsedItem } from '../parser/parsed-feed.js';

/** One item of a document, in document order: parsed, or left out of the parse as known by its raw hash. */
export type DocumentItem = { parsed: ParsedItem; raw?: string } | { fingerprint: string; raw: string };

/**
 * The items of a document in document order, as a parse of the whole document lists them: those
 * the parser left out as known (ParsedFeed.rawItems) put back at their place, by the fingerprint
 * `knownRaw` gives their raw hash. Throws when it gives none (the caller passed the parser raw
 * hashes it does not know under this document's digest): the document must then be parsed whole.
 */
export function documentItems(feed: ParsedFeed, knownRaw: ReadonlyMap<string, string> | undefined): DocumentItem[] {
  const { rawItems } = feed;
  if (!rawItems) return feed.items.map((parsed) => ({ parsed }));
  let next = 0;
  return rawItems.hashes.map((raw, index) => {
    if (!rawItems.skipped[index]) {
      const parsed = feed.items[next++];
      if (!parsed) throw new Error(`item ${index} of the document is neither parsed nor skipped`);
      return { parsed, raw };
    }
    const fingerprint = knownRaw?.get(raw);
    if (fingerprint === undefined) throw new Error(`item ${index} was left out of the parse but is not known under this document's digest`);
    return { fingerprint, raw };
  });
}
