import { Parser } from 'htmlparser2';
import { escapeMarkupText } from './repair-xml.js';

const XML_NAME = /^[A-Za-z_][\w.:-]*$/;
/** Elements that hold a feed's items or entries (local names). */
const ITEM_PARENTS = new Set(['channel', 'RDF', 'feed', 'rss']);
const ITEMS = new Set(['item', 'entry']);
const CONTAINERS = new Set([...ITEM_PARENTS, ...ITEMS]);
/**
 * Elements the tokenizer may hold open at once. Real feeds nest a few dozen deep; htmlparser2's
 * stack costs O(depth) per element, so a hostile document of unclosed elements would cost
 * O(n²) without a bound. Past it, the document is not recovered.
 */
const MAX_OPEN_ELEMENTS = 4096;

/** An element the tokenizer has open: what was written for it (if anything) and where, and whether it was closed early. */
interface OpenElement {
  written?: string;
  /** Index in the output of its start tag. */
  start: number;
  closed: boolean;
}

/**
 * Rebuilds a well-formed document from an ill-formed one, for the strict parser to read, the way
 * readers of tag soup do: htmlparser2's tokenizer in XML mode, which never gives up, and each start
 * tag, text and CDATA section written back as it came, escaped where XML requires. An end tag
 * closes the innermost open element of its name (and those opened inside it); one that matches no
 * open element is dropped; what is still open at the end (a truncated document) is closed there.
 * An item or entry start tag closes what is open inside the channel or feed, as a new <li> closes
 * the last in HTML: an element left unclosed before it (`<itunes:category text="…">`) would
 * otherwise swallow every item after it.
 *
 * Nothing is added but end tags, so no content is invented; and nothing cut short is kept: the
 * elements a truncated document ends inside (a title or description cut mid-sentence) are dropped
 * up to the item, channel or feed they belong to, which keeps its whole children. What follows the
 * root element's end is dropped (a second root is not XML), and so are the DOCTYPE, comments and
 * processing instructions. Throws when more than MAX_OPEN_ELEMENTS are open at once.
 */
export function recoverXml(document: string): string {
  const out: string[] = [];
  // One entry for each element htmlparser2 has open, innermost last, in step with its own stack.
  const open: OpenElement[] = [];
  // The elements open in the output, innermost last: a subsequence of `open`, kept apart so that
  // no event costs more than the elements it closes, however deep a hostile document nests.
  const written: OpenElement[] = [];
  let itemParentsWritten = 0;
  let rootClosed = false;
  let inCdata = false;
  /** Set once the whole document is read: the tokenizer then closes what is still open. */
  let cutShort: 'dropping' | 'keeping' | undefined;
  const inRoot = () => written.length > 0;
  const closeWritten = (): OpenElement => {
    const element = written.pop()!;
    if (ITEM_PARENTS.has(localName(element.written!))) itemParentsWritten -= 1;
    if (written.length === 0) rootClosed = true;
    return element;
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (open.length >= MAX_OPEN_ELEMENTS) throw new Error(`more than ${MAX_OPEN_ELEMENTS} elements left open`);
        if (rootClosed || !XML_NAME.test(name)) {
          open.push({ start: out.length, closed: false });
          return;
        }
        const local = localName(name);
        // A new item closes what is open inside its channel or feed (when it has one).
        if (ITEMS.has(local) && itemParentsWritten > 0) {
          while (!ITEM_PARENTS.has(localName(written.at(-1)!.written!))) {
            const element = closeWritten();
            out.push(`</${element.written}>`);
            element.closed = true;
          }
        }
        const element: OpenElement = { written: name, start: out.length, closed: false };
        open.push(element);
        written.push(element);
        if (ITEM_PARENTS.has(local)) itemParentsWritten += 1;
        out.push(`<${name}${writeAttributes(attributes)}>`);
      },
      onclosetag() {
        const element = open.pop();
        if (element?.written === undefined || element.closed) return;
        // It is the innermost element open in the output: all opened after it are closed.
        closeWritten();
        if (cutShort === 'dropping' && !CONTAINERS.has(localName(element.written))) {
          out.length = element.start;
          return;
        }
        if (cutShort) cutShort = 'keeping';
        out.push(`</${element.written}>`);
      },
      ontext(text) {
        if (inRoot()) out.push(inCdata ? text.replaceAll(']]>', ']]]]><![CDATA[>') : escapeMarkupText(text));
      },
      // htmlparser2 reports a CDATA section whole (an unterminated one ends the document) as these three.
      oncdatastart() {
        inCdata = true;
        if (inRoot()) out.push('<![CDATA[');
      },
      oncdataend() {
        inCdata = false;
        if (inRoot()) out.push(']]>');
      },
    },
    { xmlMode: true, decodeEntities: false, recognizeSelfClosing: true },
  );
  parser.write(document);
  cutShort = 'dropping';
  parser.end();
  return out.join('');
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function writeAttributes(attributes: Record<string, string>): string {
  let written = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (XML_NAME.test(name)) written += ` ${name}="${escapeMarkupText(value).replaceAll('"', '&quot;')}"`;
  }
  return written;
}
