import { xmlReadyText } from '../model/xml-chars.js';
import type { ParsedFeed } from './parsed-feed.js';
import { type ChunkedDocument, reducedDocument } from './raw-items.js';
import { replaceC1Controls } from './replace-c1-controls.js';
import { runRssParserStrictly } from './run-rss-parser.js';
import { feedRootOf } from './sniff-document.js';
import { translateXml } from './translate-xml.js';

/**
 * The document read without the items whose raw hash is known: its frame and the other items
 * parsed, those skipped marked in `rawItems`. Only the bytes kept are decoded. Undefined when no
 * item is known, or when that reading goes wrong in any way (a syntax error, another count of items
 * than was kept): the caller then reads the whole document, repairs and lenient pass included, as
 * if nothing were known. A document whose items are all known reads as a feed without items, and no
 * unread items are looked for.
 */
export async function readWithoutKnownItems(document: ChunkedDocument, knownRaw: ReadonlySet<string>): Promise<ParsedFeed | undefined> {
  const { hashes } = document;
  const skipped = hashes.map((hash) => knownRaw.has(hash));
  const kept = skipped.filter((skip) => !skip).length;
  if (kept === hashes.length) return undefined;
  const reduced = replaceC1Controls(
    xmlReadyText(
      reducedDocument(
        document,
        skipped.map((skip) => !skip),
      ).toString('utf8'),
    ),
  );
  const xml = feedRootOf(reduced);
  if (xml?.root.family !== document.family) return undefined;
  try {
    const feed = translateXml(await runRssParserStrictly(reduced, xml.root, xml.rootOffset), reduced, xml.root, xml.rootTag);
    return feed.items.length === kept ? { ...feed, rawItems: { hashes, skipped } } : undefined;
  } catch {
    return undefined;
  }
}
