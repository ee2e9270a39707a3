import type { ItemChunks } from './item-chunks.js';
import type { ParsedFeed } from './parsed-feed.js';
import { reducedDocument } from './raw-items.js';
import { runRssParserStrictly } from './run-rss-parser.js';
import type { XmlRoot } from './sniff-document.js';
import { translateXml } from './translate-xml.js';

/** A document cut into its items (item-chunks.ts), with each item's raw hash (raw-items.ts). */
export interface ChunkedDocument {
  text: string;
  root: XmlRoot;
  rootOffset: number;
  rootTag: string;
  found: ItemChunks;
  hashes: string[];
}

/**
 * The document read without the items whose raw hash is known: its frame and the other items
 * parsed, those skipped marked in `rawItems`. Undefined when no item is known, or when that reading
 * goes wrong in any way (a syntax error, another count of items than was kept): the caller then
 * reads the whole document, repairs and lenient pass included, as if nothing were known. A
 * document whose items are all known reads as a feed without items, and no unread items are looked for.
 */
export async function readWithoutKnownItems(document: ChunkedDocument, knownRaw: ReadonlySet<string>): Promise<ParsedFeed | undefined> {
  const { text, root, rootOffset, rootTag, found, hashes } = document;
  const skipped = hashes.map((hash) => knownRaw.has(hash));
  const kept = skipped.filter((skip) => !skip).length;
  if (kept === hashes.length) return undefined;
  const reduced = reducedDocument(
    text,
    found,
    skipped.map((skip) => !skip),
  );
  try {
    const feed = translateXml(await runRssParserStrictly(reduced, root, rootOffset), reduced, root, rootTag);
    return feed.items.length === kept ? { ...feed, rawItems: { hashes, skipped } } : undefined;
  } catch {
    return undefined;
  }
}
