import type { XmlFamily, XmlRoot } from './sniff-document.js';

/** Where a document's item elements are, as written: what raw-items.ts hashes and leaves out. */
export interface ItemChunks {
  /** `[start, end)` of each item element (`<item …>…</item>`, `<entry …>…</entry>`), in document order, with only whitespace between them. */
  chunks: Array<[number, number]>;
  /**
   * `[start, end)` of the head elements that change as a feed gains items and that no item reads
   * (RSS <lastBuildDate>, Atom <updated>, RDF's <items> list): left out of the frame key.
   */
  volatile: Array<[number, number]>;
}

/** Fewer items than this: not worth cutting up, the whole document is parsed. */
export const MIN_CHUNKED_ITEMS = 3;

/** The path from the root to the element whose children are the items, and the items' name. */
const LAYOUT: Record<XmlFamily, { root: string; container: string[]; item: string; head: string[] }> = {
  rss: { root: 'rss', container: ['rss', 'channel'], item: 'item', head: ['rss', 'channel'] },
  rdf: { root: 'rdf:RDF', container: ['rdf:RDF'], item: 'item', head: ['rdf:RDF', 'channel'] },
  atom: { root: 'feed', container: ['feed'], item: 'entry', head: ['feed'] },
};

const VOLATILE: Record<XmlFamily, ReadonlySet<string>> = {
  rss: new Set(['lastBuildDate', 'pubDate', 'dc:date', 'dcterms:modified', 'atom:updated']),
  rdf: new Set(['items', 'dc:date', 'dcterms:modified']),
  atom: new Set(['updated', 'modified']),
};

/**
 * The item elements of an RSS 2.0, RDF or Atom document, found by a scan of its tags that steps
 * over CDATA sections and comments (a `</item>` quoted in CDATA ends nothing). Undefined, so that the
 * document is parsed whole, for anything unusual: a root or items with a prefix, a bare <channel> or
 * <entry> root, a DOCTYPE declaring entities, processing instructions or declarations after the
 * root, an item element anywhere but among the items (nested, in the head, after </channel>), a
 * self-closing item, items not one after the other, unbalanced tags, fewer than MIN_CHUNKED_ITEMS.
 * In Atom, an `<entry` or `</entry` written anywhere but at an entry's edges (in CDATA, a comment)
 * and anything but comments after the last entry give up too: inline-markup.ts reads entries and
 * the feed's head from the text without regard to either, so a reduced document would read apart.
 *
 * The scan reads the document's bytes (UTF-8), so its positions are byte offsets: markup is ASCII,
 * and every byte of a character beyond it is above 0x7F, so none is taken for markup. It reads them
 * where they are rather than in a string: a string of the whole document, one character a byte,
 * was a fifth of what a parse thread allocated in a cycle where every feed gains an item or two.
 */
export function findItemChunks(bytes: Buffer, root: XmlRoot, rootOffset: number): ItemChunks | undefined {
  if (root.prefix !== undefined || root.local === 'channel' || root.local === 'entry') return undefined;
  if (bytes.subarray(0, rootOffset).includes('<!ENTITY')) return undefined;
  const layout = LAYOUT[root.family];
  const volatileNames = VOLATILE[root.family];
  const chunks: Array<[number, number]> = [];
  const volatile: Array<[number, number]> = [];
  const stack: string[] = [];
  const starts: number[] = [];
  let containers = 0;
  let rootEnd = -1;
  let at = rootOffset;
  while (rootEnd === -1) {
    const lt = bytes.indexOf(LT, at);
    if (lt === -1) return undefined;
    if (startsWithAt(bytes, '<!--', lt)) {
      const close = bytes.indexOf('-->', lt + 4);
      if (close === -1) return undefined;
      at = close + 3;
    } else if (startsWithAt(bytes, '<![CDATA[', lt)) {
      const close = bytes.indexOf(']]>', lt + 9);
      if (close === -1) return undefined;
      at = close + 3;
    } else if (bytes[lt + 1] === SLASH) {
      const nameEnd = tagNameEnd(bytes, lt + 2);
      const tagEnd = nameEnd === -1 ? -1 : endTagEnd(bytes, nameEnd);
      const open = stack.at(-1);
      // The end tag must close the element open: its name, compared in place.
      if (tagEnd === -1 || open === undefined || nameEnd - (lt + 2) !== open.length || !startsWithAt(bytes, open, lt + 2)) return undefined;
      at = tagEnd;
      const name = stack.pop()!;
      const start = starts.pop()!;
      if (stack.length === 0) rootEnd = lt;
      else if (name === layout.item && isAt(stack, layout.container)) chunks.push([start, at]);
      else if (volatileNames.has(name) && isAt(stack, layout.head)) volatile.push([start, at]);
    } else {
      const nameEnd = tagNameEnd(bytes, lt + 1);
      const tagEnd = nameEnd === -1 ? -1 : startTagEnd(bytes, nameEnd);
      if (tagEnd === -1) return undefined;
      const name = bytes.toString('latin1', lt + 1, nameEnd);
      at = tagEnd;
      const selfClosing = bytes[at - 2] === SLASH;
      if (stack.length === 0 && (name !== layout.root || selfClosing)) return undefined;
      if (name === layout.item && (selfClosing || !isAt(stack, layout.container))) return undefined;
      if (name === layout.container.at(-1) && isAt(stack, layout.container.slice(0, -1)) && ++containers > 1) return undefined;
      if (!selfClosing) {
        stack.push(name);
        starts.push(lt);
      }
    }
  }
  if (chunks.length < MIN_CHUNKED_ITEMS) return undefined;
  for (let i = 1; i < chunks.length; i += 1) if (!isBlank(bytes, chunks[i - 1]![1], chunks[i]![0])) return undefined;
  if (root.family === 'atom' && !readsAsAtomEntries(bytes, chunks, rootEnd)) return undefined;
  return { chunks, volatile };
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;

/** Where the tag name beginning at `from` ends (`[A-Za-z_][A-Za-z0-9_.:-]*`), or -1 when none begins there. */
function tagNameEnd(bytes: Buffer, from: number): number {
  const first = bytes[from];
  if (first === undefined || !(isLetter(first) || first === 0x5f)) return -1;
  let at = from + 1;
  for (let byte = bytes[at]; byte !== undefined && isNameByte(byte); byte = bytes[at]) at += 1;
  return at;
}

function isLetter(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

function isNameByte(byte: number): boolean {
  return isLetter(byte) || (byte >= 0x30 && byte <= 0x3a) /* 0-9 : */ || byte === 0x5f || byte === 0x2e || byte === 0x2d;
}

/** Where a start tag whose name ends at `from` ends, past its attributes (a quoted `>` ends nothing), or -1. */
function startTagEnd(bytes: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const byte = bytes[at];
    if (byte === undefined) return -1;
    if (byte === GT) return at + 1;
    if (byte === QUOTE || byte === APOSTROPHE) {
      const close = bytes.indexOf(byte, at + 1);
      if (close === -1) return -1;
      at = close + 1;
    } else at += 1;
  }
}

/** Where an end tag whose name ends at `from` ends (whitespace, then `>`), or -1. */
function endTagEnd(bytes: Buffer, from: number): number {
  let at = from;
  while (isSpace(bytes[at])) at += 1;
  return bytes[at] === GT ? at + 1 : -1;
}

/**
 * What a JavaScript `\s` matches among bytes read one character a byte, as the scan read them when
 * it ran regular expressions over such a string: 0xA0 (no-break space) too, though in UTF-8 that
 * byte only ever follows another above 0x7F, which no whitespace test lets by.
 */
function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || (byte !== undefined && byte >= 0x09 && byte <= 0x0d) || byte === 0xa0;
}

function isBlank(bytes: Buffer, from: number, to: number): boolean {
  for (let at = from; at < to; at += 1) if (!isSpace(bytes[at])) return false;
  return true;
}

/** Whether `ascii` is written at `at`. */
function startsWithAt(bytes: Buffer, ascii: string, at: number): boolean {
  if (at + ascii.length > bytes.length) return false;
  for (let i = 0; i < ascii.length; i += 1) if (bytes[at + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** Whether the open elements are exactly `path`, from the root. */
function isAt(stack: readonly string[], path: readonly string[]): boolean {
  return stack.length === path.length && stack.every((name, i) => name === path[i]);
}

/** Every `<entry` and `</entry` of the document at an entry's edges, and nothing but comments after the last entry. */
function readsAsAtomEntries(bytes: Buffer, chunks: Array<[number, number]>, rootEnd: number): boolean {
  return occurrences(bytes, '<entry') === chunks.length && occurrences(bytes, '</entry') === chunks.length && onlyComments(bytes, chunks.at(-1)![1], rootEnd);
}

function occurrences(bytes: Buffer, needle: string): number {
  let count = 0;
  for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + needle.length)) count += 1;
  return count;
}

/** Whether `[from, to)` holds whitespace and whole comments only. */
function onlyComments(bytes: Buffer, from: number, to: number): boolean {
  let at = from;
  while (at < to) {
    if (isSpace(bytes[at])) at += 1;
    else if (startsWithAt(bytes, '<!--', at)) {
      const close = bytes.indexOf('-->', at + 4);
      if (close === -1 || close + 3 > to) return false;
      at = close + 3;
    } else return false;
  }
  return true;
}
