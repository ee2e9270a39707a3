import { Tokenizer } from 'htmlparser2';
import { escapeMarkupText } from './repair-xml.js';

/** The element names, as the document writes them (prefix included), that give a feed its shape. */
export interface FeedShape {
  /** The item element: `item`, or `entry` in Atom. */
  item: string;
  /** The elements items are children of: `channel` in RSS, `rdf:RDF` in RSS 1.0, `feed` in Atom. */
  parents: readonly string[];
  /** Elements whose content is HTML written as text (RSS `description`, `content:encoded`): a tag inside one is its text. */
  htmlText: readonly string[];
}

const XML_NAME = /^[A-Za-z_][\w.:-]*$/;
/**
 * Elements open at once, at most. Real feeds nest a few dozen deep; what reads the rebuilt
 * document (xml2js, then our readers) recurses into it, so a hostile nesting is refused here.
 */
const MAX_OPEN_ELEMENTS = 1024;

interface OpenElement {
  name: string;
  /** Index in the output of its start tag. */
  start: number;
}

/**
 * Rebuilds a well-formed document from an ill-formed one, for the strict parser to read, the way
 * readers of tag soup do: htmlparser2's tokenizer in XML mode, which never gives up, drives a stack
 * of our own, and each start tag, text and CDATA section is written back as it came, escaped where
 * XML requires. An end tag closes the innermost open element of its name and those opened inside
 * it; one that matches no open element is dropped. The end tags of the root and of the elements
 * that hold the items are left to the end of the document, where whatever is still open is closed:
 * one written too early (`</rss>` inside a description, `</channel>` before the items of an old RSS
 * 0.91 document) would lose every item after it. A new item closes what is open inside its channel
 * or feed, or the item before it when that was left open, as a new `<li>` does in HTML: an element
 * never closed (`<itunes:category text="…">`) would otherwise swallow every item after it; an item
 * nested inside another element of an item (`<gd:entryLink><entry>`) is left where it is. A tag
 * inside an element whose content is HTML as text is that element's text.
 *
 * Nothing is added but end tags, so no content is invented; and nothing cut short is kept: the
 * elements a truncated document ends inside (a title or description cut mid-sentence) are dropped
 * up to the item, channel or feed they belong to, which keeps its whole children. The DOCTYPE,
 * comments and processing instructions go. Throws when more than MAX_OPEN_ELEMENTS are open at once.
 * Each token costs no more than the elements it closes.
 */
export function recoverXml(document: string, shape: FeedShape): string {
  const out: string[] = [];
  const open: OpenElement[] = [];
  /** How many elements of each name are open, so that an end tag matching none costs nothing. */
  const openByName = new Map<string, number>();
  /** Indexes in `open` of the open items and item parents, innermost last. */
  const items: number[] = [];
  const parents: number[] = [];
  let root: string | undefined;
  /** The element whose content is HTML as text that is open, and its index in `open`. */
  let htmlText: { name: string; depth: number } | undefined;
  let tag: { name: string; start: number; attributes: Map<string, string>; attribute?: string; value: string } | undefined;

  const push = (name: string) => {
    if (open.length >= MAX_OPEN_ELEMENTS) throw new Error(`more than ${MAX_OPEN_ELEMENTS} elements left open`);
    if (name === shape.item) items.push(open.length);
    if (shape.parents.includes(name)) parents.push(open.length);
    if (shape.htmlText.includes(name) && !htmlText) htmlText = { name, depth: open.length };
    open.push({ name, start: out.length });
    openByName.set(name, (openByName.get(name) ?? 0) + 1);
  };
  const pop = (): OpenElement => {
    const element = open.pop()!;
    if (items.at(-1) === open.length) items.pop();
    if (parents.at(-1) === open.length) parents.pop();
    if (htmlText?.depth === open.length) htmlText = undefined;
    openByName.set(element.name, openByName.get(element.name)! - 1);
    return element;
  };
  const closeDownTo = (depth: number) => {
    while (open.length > depth) out.push(`</${pop().name}>`);
  };
  const writeText = (text: string) => {
    if (open.length > 0) out.push(escapeMarkupText(text));
  };

  const tokenizer = new Tokenizer(
    { xmlMode: true, decodeEntities: false },
    {
      onopentagname(start, end) {
        tag = { name: document.slice(start, end), start: start - 1, attributes: new Map(), value: '' };
      },
      onattribname(start, end) {
        if (tag) tag.attribute = document.slice(start, end);
      },
      onattribdata(start, end) {
        if (tag) tag.value += document.slice(start, end);
      },
      onattribentity() {},
      onattribend() {
        if (!tag) return;
        // The first of a repeated attribute wins, as in HTML.
        if (tag.attribute !== undefined && XML_NAME.test(tag.attribute) && !tag.attributes.has(tag.attribute)) tag.attributes.set(tag.attribute, tag.value);
        tag.attribute = undefined;
        tag.value = '';
      },
      onopentagend(end) {
        startTag(end, false);
      },
      onselfclosingtag(end) {
        startTag(end, true);
      },
      onclosetag(start, end) {
        const name = document.slice(start, end);
        const closesNothing = name === root || shape.parents.includes(name) || !openByName.get(name);
        // In HTML as text, only the end tag of an element open around it (its item) is markup.
        if (htmlText && closesNothing) writeText(document.slice(start - 2, end + 1));
        if (closesNothing) return;
        let depth = open.length - 1;
        while (open[depth]!.name !== name) depth -= 1;
        closeDownTo(depth);
      },
      ontext(start, end) {
        writeText(document.slice(start, end));
      },
      ontextentity() {},
      oncdata(start, end, endOffset) {
        if (open.length > 0) out.push(`<![CDATA[${document.slice(start, end - endOffset).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`);
      },
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {
        // Closed innermost first: what the document was cut inside goes, up to its item or feed.
        let cutShort = true;
        while (open.length > 0) {
          const element = pop();
          if (cutShort && element.name !== shape.item && element.name !== root && !shape.parents.includes(element.name)) {
            out.length = element.start;
          } else {
            cutShort = false;
            out.push(`</${element.name}>`);
          }
        }
      },
    },
  );

  function startTag(end: number, selfClosing: boolean): void {
    const current = tag;
    tag = undefined;
    if (!current) return;
    const raw = document.slice(current.start, end + 1);
    // An item start ends HTML as text left open; any other tag in it is text, as is one with no XML name (`a <= b>`).
    if (htmlText && current.name === shape.item) closeDownTo(htmlText.depth);
    if (htmlText || !XML_NAME.test(current.name)) {
      writeText(raw);
      return;
    }
    if (root === undefined) root = current.name;
    else if (open.length === 0) return;
    if (current.name === shape.item) closeForItem();
    let written = `<${current.name}`;
    for (const [name, value] of current.attributes) written += ` ${name}="${escapeMarkupText(value).replaceAll('"', '&quot;')}"`;
    if (selfClosing) {
      out.push(`${written}/>`);
      return;
    }
    push(current.name);
    out.push(`${written}>`);
  }

  /** Before a new item: close what is open inside its parent, or the item before it left open. */
  function closeForItem(): void {
    const parent = parents.at(-1);
    if (parent === undefined) return;
    const item = items.at(-1);
    if (item === undefined || item < parent) closeDownTo(parent + 1);
    else if (item === open.length - 1) closeDownTo(item);
  }

  tokenizer.write(document);
  tokenizer.end();
  return out.join('');
}
