import { createHash } from 'node:crypto';
import { findItemChunks, type ItemChunks } from './item-chunks.js';
import { type FeedRoot, feedRootOf, sniffDocument, type XmlFamily } from './sniff-document.js';

/** An XML document cut into its item elements, each with its raw hash; positions are offsets in its UTF-8 bytes. */
export interface ChunkedDocument {
  utf8: Buffer;
  family: XmlFamily;
  found: ItemChunks;
  /** Each item element's raw hash, in document order. */
  hashes: string[];
}

/**
 * The document's item elements (item-chunks.ts) and their raw hashes, found in its UTF-8 bytes
 * without decoding them: positions are byte offsets. Every byte of a character beyond ASCII is
 * above 0x7F, so none is taken for markup, and the scan gives up (the document is then parsed whole)
 * wherever one stands where it expects only whitespace. Undefined for JSON, for anything that is
 * not a feed's XML, for a document holding a character XML forbids, and for whatever
 * item-chunks.ts gives up on.
 */
export function cutIntoItems(utf8: Buffer): ChunkedDocument | undefined {
  // The parser reads the text without these, so one inside `]]>` or `-->` ends there for the parser
  // but not for the scan, and the two can find the same number of items in different places.
  if (holdsForbiddenXmlChars(utf8)) return undefined;
  const xml = feedRootIn(utf8);
  const found = xml && findItemChunks(utf8, xml.root, xml.rootOffset);
  return found && { utf8, family: xml.root.family, found, hashes: rawHashesOf(utf8, found, xml.root.family) };
}

/** Characters XML 1.0 forbids (xml-chars.ts), in UTF-8: C0 controls but tab, LF and CR; U+FFFE and U+FFFF. */
function holdsForbiddenXmlChars(utf8: Buffer): boolean {
  return holdsForbiddenControl(utf8) || utf8.includes(U_FFFE) || utf8.includes(U_FFFF);
}

/**
 * Whether a C0 control other than tab, LF and CR is among the bytes. Read four at a time: a word
 * holds a byte below 0x20 when `(w - 0x20202020) & ~w & 0x80808080` is not 0 (a test that may
 * answer yes for none, never no for one), and only such words, a line break's among them, are
 * looked at byte by byte: 0.05 ms for a 130 KB document, against 0.13 ms a byte at a time and 0.11
 * ms for a regular expression over the document as a string.
 */
function holdsForbiddenControl(bytes: Buffer): boolean {
  const aligned = (4 - (bytes.byteOffset % 4)) % 4;
  // Fewer bytes than it takes to reach a word's edge: no word to read.
  if (bytes.length < aligned + 4) return isForbiddenControlIn(bytes, 0, bytes.length);
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + aligned, (bytes.length - aligned) >>> 2);
  const tail = aligned + words.length * 4;
  if (isForbiddenControlIn(bytes, 0, aligned) || isForbiddenControlIn(bytes, tail, bytes.length)) return true;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    if (((word - 0x20202020) & ~word & 0x80808080) !== 0 && isForbiddenControlIn(bytes, aligned + i * 4, aligned + i * 4 + 4)) return true;
  }
  return false;
}

function isForbiddenControlIn(bytes: Buffer, from: number, to: number): boolean {
  for (let at = from; at < to; at += 1) {
    const byte = bytes[at]!;
    if (byte < 0x20 && FORBIDDEN_CONTROL[byte] === 1) return true;
  }
  return false;
}

const FORBIDDEN_CONTROL = Uint8Array.from({ length: 0x20 }, (_, byte) => (byte === 0x09 || byte === 0x0a || byte === 0x0d ? 0 : 1));
const U_FFFE = Buffer.from([0xef, 0xbf, 0xbe]);
const U_FFFF = Buffer.from([0xef, 0xbf, 0xbf]);

/** Bytes read for the root element before the whole document is: a feed's comes within its first few hundred. */
const HEAD_BYTES = 16_384;

/**
 * The feed root of the document (sniff-document.ts), read in its first HEAD_BYTES when its start tag
 * ends there (what comes after cannot change it), else in the whole document; bytes read one
 * character a byte, so the offset is a byte offset.
 */
function feedRootIn(utf8: Buffer): FeedRoot | undefined {
  if (utf8.length > HEAD_BYTES) {
    const head = utf8.toString('latin1', 0, HEAD_BYTES);
    const sniffed = sniffDocument(head);
    if (sniffed?.kind === 'json') return undefined;
    if (sniffed && head.indexOf('>', sniffed.rootOffset) !== -1) return feedRootOf(head);
  }
  return feedRootOf(utf8.toString('latin1'));
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
