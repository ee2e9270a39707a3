import { withoutNonHtmlCharacters } from './rebuild-html.js';

/**
 * sanitize-html's output written as rebuildHtml writes it, without an HTML5 parse, when nothing in
 * it needs one of the parser's repairs; undefined when something might.
 *
 * Why by hand: rebuilding through parse5 costs more than sanitizing did (most of a new item's HTML
 * time), yet most article HTML is paragraphs, links, emphasis, lists and images, properly nested,
 * which an HTML5 parser builds exactly as written. This walks the tags once and answers only for
 * such HTML: it gives up on every construct where the HTML5 tree builder does something other than
 * nest what it reads (a block or heading opened inside a paragraph, a list item inside a list item,
 * a heading directly inside a heading, a link inside a link, a fourth open formatting element of
 * one name, anything of a table, `<pre>`, an iframe's raw text, a tag out of order). What is left
 * to do is the serializer's spelling: `<br>` for `<br />`, every attribute with a quoted value, `<`
 * and `>` unescaped in attribute values and a no-break space written `&nbsp;`. The tests hold it to parse5's output on every string of the
 * feed corpus and on generated tag soup.
 *
 * It relies on sanitize-html's output form: lower-case tags, attribute values in double quotes, and
 * every `<`, `>` and `&` outside the tags themselves escaped (its `decodeEntities` default).
 */
export function rebuildPlainHtml(clean: string): string | undefined {
  const source = withoutNonHtmlCharacters(clean).replace(/\r\n?/g, '\n');
  const open: string[] = [];
  let paragraphs = 0;
  let links = 0;
  let html = '';
  let last = 0;
  for (const tag of source.matchAll(TAG)) {
    const text = source.slice(last, tag.index);
    if (text.includes('<') || text.includes('>')) return undefined;
    html += textAsWritten(text);
    last = tag.index + tag[0].length;
    const [, slash, name = '', rest = ''] = tag;
    if (slash === '/') {
      if (rest !== '' || open.pop() !== name) return undefined;
      if (name === 'p') paragraphs -= 1;
      else if (name === 'a') links -= 1;
      html += `</${name}>`;
      continue;
    }
    if (!PLAIN.has(name) || (paragraphs > 0 && CLOSES_PARAGRAPH.has(name))) return undefined;
    if (HEADINGS.has(name) && HEADINGS.has(open[open.length - 1] ?? '')) return undefined;
    if ((name === 'li' && closesOpen(open, LIST_ITEM)) || ((name === 'dd' || name === 'dt') && closesOpen(open, DEFINITION))) return undefined;
    if (name === 'a' && links > 0) return undefined;
    // Noah's Ark (HTML §13.2.4.3): a fourth formatting element like three open ones drops the
    // earliest from the parser's list, and a later end tag can then close an outer one as well.
    if (FORMATTING.has(name) && open.filter((element) => element === name).length >= 3) return undefined;
    const attributes = attributesAsWritten(rest, VOID.has(name));
    if (attributes === undefined) return undefined;
    html += `<${name}${attributes}>`;
    if (VOID.has(name)) continue;
    open.push(name);
    if (name === 'p') paragraphs += 1;
    else if (name === 'a') links += 1;
  }
  const tail = source.slice(last);
  if (open.length > 0 || tail.includes('<') || tail.includes('>')) return undefined;
  return html + textAsWritten(tail);
}

/** A tag as sanitize-html writes one: `<name attributes>`, `<name attributes />`, `</name>`. */
const TAG = /<(\/?)([a-z][a-z0-9]*)([^>]*)>/g;

/** The allowed elements an HTML5 parser builds as written when properly nested (table parts, `pre` and `iframe` are not). */
const PLAIN = new Set(
  'p br hr a img figure figcaption picture ul ol li dl dt dd h1 h2 h3 h4 h5 h6 blockquote q cite code kbd samp var em strong b i u s del ins mark small sub sup abbr time div span'.split(' '),
);
const VOID = new Set(['br', 'hr', 'img']);
/** The parser's formatting elements among the plain ones (`a` apart: one is never opened inside another here). */
const FORMATTING = new Set(['b', 'code', 'em', 'i', 's', 'small', 'strong', 'u']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Start tags that close an open `<p>` (HTML §13.2.6.4.7, "in body"), among the plain elements. */
const CLOSES_PARAGRAPH = new Set(['p', 'div', 'ul', 'ol', 'dl', 'li', 'dt', 'dd', 'blockquote', 'figure', 'figcaption', 'hr', ...HEADINGS]);
/** The parser's "special" elements among the plain ones: a list item's search for an open one stops at these, `div` and `p` apart. */
const STOPS_ITEM_SEARCH = new Set(['blockquote', 'br', 'dd', 'dl', 'dt', 'figcaption', 'figure', 'hr', 'img', 'li', 'ol', 'ul', ...HEADINGS]);
const LIST_ITEM = new Set(['li']);
const DEFINITION = new Set(['dd', 'dt']);

/** Whether an HTML5 parser would close one of `items` on opening another (it walks up the open elements to the first special one). */
function closesOpen(open: readonly string[], items: ReadonlySet<string>): boolean {
  for (let index = open.length - 1; index >= 0; index -= 1) {
    const element = open[index]!;
    if (items.has(element)) return true;
    if (STOPS_ITEM_SEARCH.has(element)) return false;
  }
  return false;
}

/** ` name="value"` or a bare ` name`, as sanitize-html writes an attribute. */
const ATTRIBUTE = / ([a-z][a-z0-9-]*)(?:="([^"]*)")?/y;

/** The attributes as parse5 writes them, or undefined when they are not in sanitize-html's form. */
function attributesAsWritten(rest: string, isVoid: boolean): string | undefined {
  const end = isVoid && rest.endsWith(' /') ? rest.length - 2 : rest.length;
  let written = '';
  ATTRIBUTE.lastIndex = 0;
  while (ATTRIBUTE.lastIndex < end) {
    const attribute = ATTRIBUTE.exec(rest);
    if (attribute === null || ATTRIBUTE.lastIndex > end) return undefined;
    const value = (attribute[2] ?? '').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('\u00a0', '&nbsp;');
    written += ` ${attribute[1]}="${value}"`;
  }
  return written;
}

/** Text as parse5 writes it: sanitize-html has escaped `&`, `<` and `>` already; a no-break space is written as a reference. */
function textAsWritten(text: string): string {
  return text.replaceAll('\u00a0', '&nbsp;');
}
