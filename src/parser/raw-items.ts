import { createHash } from 'node:crypto';
import { findItemChunks, type ItemChunks } from './item-chunks.js';
import { feedRootOf, type XmlFamily } from './sniff-document.js';

/** An XML document cut into its item elements, each with its raw hash; positions are offsets in its UTF-8 bytes. */
export interface ChunkedDocument {
  utf8: Buffer;
  family: XmlFamily;
  found: ItemChunks;
  /** Each item element's raw hash, in document order. */
  hashes: string[];
}

/** Characters XML 1.0 forbids (xml-chars.ts), in UTF-8 read as Latin-1: C0 controls but tab, LF and CR; U+FFFE and U+FFFF. */
function holdsForbiddenXmlChars(view: string): boolean {
  // Two searches: one pattern with both alternatives tried each at every byte took 1.6 times as long.
  return FORBIDDEN_CONTROLS.test(view) || view.includes('\xEF\xBF\xBE') || view.includes('\xEF\xBF\xBF');
}
const FORBIDDEN_CONTROLS = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;

/**
 * The document's item elements (item-chunks.ts) and their raw hashes, found in its UTF-8 bytes
 * without decoding them: the scan reads the bytes as Latin-1, one character a byte, so that its
 * positions are byte offsets. Every byte of a character beyond ASCII is above 0x7F, so none is taken
 * for markup, and the scan gives up (the document is then parsed whole) wherever one stands where it
 * expects only whitespace. Undefined for JSON, for anything that is not a feed's XML, for a
 * document holding a character XML forbids, and for whatever item-chunks.ts gives up on.
 */
export function cutIntoItems(utf8: Buffer): ChunkedDocument | undefined {
  const view = utf8.toString('latin1');
  // The parser reads the text without these, so one inside `]]>` or `-->` ends there for the parser
  // but not for the scan, and the two can find the same number of items in different places.
  if (holdsForbiddenXmlChars(view)) return undefined;
  const xml = feedRootOf(view);
  const found = xml && findItemChunks(view, xml.root, xml.rootOffset);
  return found && { utf8, family: xml.root.family, found, hashes: rawHashesOf(utf8, found, xml.root.family) };
}

/**
 * The raw hash of each item element of a document, in document order: a hash of the element's bytes
 * as written, under the document's frame key. The frame is the document without its items; its key
 * hashes all of it but the head elements that change as the feed gains items and that no item reads
 * (item-chunks.ts: <lastBuildDate>, Atom's <updated>, RDF's list of items), which would otherwise
 * make every item of a news feed new at every poll. Anything else in the frame that changes (a
 * namespace, xml:base, xml:lang, the feed's author that Atom entries fall back on, its title)
 * changes every raw hash. Two items of the same raw hash in documents of the same frame key are
 * read the same, since they are the same text in the same surroundings.
 */
function rawHashesOf(utf8: Buffer, found: ItemChunks, family: string): string[] {
  const key = frameKey(utf8, found, family);
  return found.chunks.map(([start, end]) => createHash('sha256').update(key).update(utf8.subarray(start, end)).digest('base64url').slice(0, 22));
}

/**
 * The document with only the items `keep` says to keep, in order, where the items were: what is
 * parsed when the others are known. The whitespace between items is one line break.
 */
export function reducedDocument({ utf8, found }: Pick<ChunkedDocument, 'utf8' | 'found'>, keep: readonly boolean[]): Buffer {
  const first = found.chunks[0]![0];
  const last = found.chunks.at(-1)![1];
  const kept = found.chunks.filter((_, i) => keep[i]).flatMap(([start, end], i) => (i === 0 ? [utf8.subarray(start, end)] : [LINE_BREAK, utf8.subarray(start, end)]));
  return Buffer.concat([utf8.subarray(0, first), ...kept, utf8.subarray(last)]);
}

const LINE_BREAK = Buffer.from('\n');

function frameKey(utf8: Buffer, found: ItemChunks, family: string): string {
  const first = found.chunks[0]![0];
  const last = found.chunks.at(-1)![1];
  // The items' place is marked, so that a head element moving across them changes the key.
  const left: Array<[number, number, string]> = [[first, last, '\u0000items\u0000'], ...found.volatile.map(([start, end]): [number, number, string] => [start, end, '\u0000'])];
  left.sort((a, b) => a[0] - b[0]);
  const frame = createHash('sha256').update(family);
  let at = 0;
  for (const [start, end, mark] of left) {
    frame.update(utf8.subarray(at, start)).update(mark);
    at = end;
  }
  return `${frame.update(utf8.subarray(at)).digest('base64url')}\n`;
}
