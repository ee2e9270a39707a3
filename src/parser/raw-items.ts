import { createHash } from 'node:crypto';
import type { ItemChunks } from './item-chunks.js';

/**
 * The raw hash of each item element of a document, in document order: a hash of the element's text
 * as written, under the document's frame key. The frame is the document without its items; its key
 * hashes all of it but the head elements that change as the feed gains items and that no item reads
 * (item-chunks.ts: <lastBuildDate>, Atom's <updated>, RDF's list of items), which would otherwise
 * make every item of a news feed new at every poll. Anything else in the frame that changes (a
 * namespace, xml:base, xml:lang, the feed's author that Atom entries fall back on, its title)
 * changes every raw hash. Two items of the same raw hash in documents of the same frame key are
 * read the same, since they are the same text in the same surroundings.
 */
export function rawHashesOf(text: string, found: ItemChunks, family: string): string[] {
  const key = frameKey(text, found, family);
  return found.chunks.map(([start, end]) => hash(`${key}\n${text.slice(start, end)}`));
}

/**
 * The document with only the items `keep` says to keep, in order, where the items were: what is
 * parsed when the others are known. The whitespace between items is one line break.
 */
export function reducedDocument(text: string, found: ItemChunks, keep: readonly boolean[]): string {
  const first = found.chunks[0]![0];
  const last = found.chunks.at(-1)![1];
  const kept = found.chunks.filter((_, i) => keep[i]).map(([start, end]) => text.slice(start, end));
  return `${text.slice(0, first)}${kept.join('\n')}${text.slice(last)}`;
}

function frameKey(text: string, found: ItemChunks, family: string): string {
  const first = found.chunks[0]![0];
  const last = found.chunks.at(-1)![1];
  // The items' place is marked, so that a head element moving across them changes the key.
  const left: Array<[number, number, string]> = [[first, last, '\u0000items\u0000'], ...found.volatile.map(([start, end]): [number, number, string] => [start, end, '\u0000'])];
  left.sort((a, b) => a[0] - b[0]);
  const frame = createHash('sha256').update(family);
  let at = 0;
  for (const [start, end, mark] of left) {
    frame.update(text.slice(at, start)).update(mark);
    at = end;
  }
  return frame.update(text.slice(at)).digest('base64url');
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}
