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

// Sticky, and run with test(): a scan meets some twenty tags an item, and exec's match arrays were
// most of what it allocated (a fifth of a parse thread's allocations in a news cycle).
const TAG_NAME = /[A-Za-z_][\w.:-]*/y;
const START_TAG_REST = /(?:[^>"']|"[^"]*"|'[^']*')*>/y;
const END_TAG_REST = /\s*>/y;
const WHITESPACE = /^\s*$/;
const ATOM_TAIL = /^(?:\s|<!--[\s\S]*?-->)*$/;

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
 */
export function findItemChunks(text: string, root: XmlRoot, rootOffset: number): ItemChunks | undefined {
  if (root.prefix !== undefined || root.local === 'channel' || root.local === 'entry') return undefined;
  if (text.slice(0, rootOffset).includes('<!ENTITY')) return undefined;
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
    const lt = text.indexOf('<', at);
    if (lt === -1) return undefined;
    if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4);
      if (close === -1) return undefined;
      at = close + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const close = text.indexOf(']]>', lt + 9);
      if (close === -1) return undefined;
      at = close + 3;
    } else if (text.charCodeAt(lt + 1) === 0x2f /* / */) {
      const nameEnd = stickyMatch(TAG_NAME, text, lt + 2);
      const tagEnd = nameEnd === -1 ? -1 : stickyMatch(END_TAG_REST, text, nameEnd);
      const open = stack.at(-1);
      // The end tag must close the element open: its name, compared in place.
      if (tagEnd === -1 || open === undefined || nameEnd - (lt + 2) !== open.length || !text.startsWith(open, lt + 2)) return undefined;
      at = tagEnd;
      const name = stack.pop()!;
      const start = starts.pop()!;
      if (stack.length === 0) rootEnd = lt;
      else if (name === layout.item && isAt(stack, layout.container)) chunks.push([start, at]);
      else if (volatileNames.has(name) && isAt(stack, layout.head)) volatile.push([start, at]);
    } else {
      const nameEnd = stickyMatch(TAG_NAME, text, lt + 1);
      const tagEnd = nameEnd === -1 ? -1 : stickyMatch(START_TAG_REST, text, nameEnd);
      if (tagEnd === -1) return undefined;
      const name = text.slice(lt + 1, nameEnd);
      at = tagEnd;
      const selfClosing = text.charCodeAt(at - 2) === 0x2f;
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
  for (let i = 1; i < chunks.length; i += 1) if (!WHITESPACE.test(text.slice(chunks[i - 1]![1], chunks[i]![0]))) return undefined;
  if (root.family === 'atom' && !readsAsAtomEntries(text, chunks, rootEnd)) return undefined;
  return { chunks, volatile };
}

/** Where a match of the sticky `pattern` at `from` ends, or -1. */
function stickyMatch(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

/** Whether the open elements are exactly `path`, from the root. */
function isAt(stack: readonly string[], path: readonly string[]): boolean {
  return stack.length === path.length && stack.every((name, i) => name === path[i]);
}

/** Every `<entry` and `</entry` of the text at an entry's edges, and nothing but comments after the last entry. */
function readsAsAtomEntries(text: string, chunks: Array<[number, number]>, rootEnd: number): boolean {
  const last = chunks.at(-1)![1];
  return occurrences(text, '<entry') === chunks.length && occurrences(text, '</entry') === chunks.length && ATOM_TAIL.test(text.slice(last, rootEnd));
}

function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count += 1;
  return count;
}
