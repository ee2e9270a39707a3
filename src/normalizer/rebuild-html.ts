import { defaultTreeAdapter, type DefaultTreeAdapterMap, html, parseFragment, serialize } from 'parse5';

type ParentNode = DefaultTreeAdapterMap['parentNode'];

/**
 * What an HTML5 parser reports as a parse error wherever it meets it, in text or in an attribute
 * (HTML §13.2.3.5, preprocessing the input stream): controls other than ASCII whitespace (NUL and
 * NEL among them), lone surrogates and noncharacters.
 */
const NOT_IN_HTML = /[\x00-\x08\x0B\x0E-\x1F\x7F-\x9F\p{Cs}\p{Noncharacter_Code_Point}]/gu;

/** The text without the characters HTML5 parsing reports as errors. */
export function withoutNonHtmlCharacters(text: string): string {
  return text.replace(NOT_IN_HTML, '');
}

/** Items are shown inside an element: parsed as the content of a div, as the W3C Feed Validator does. */
const CONTEXT = defaultTreeAdapter.createElement('div', html.NS.HTML, []);

/**
 * The HTML as an HTML5 parser builds it, written back: a stray end tag dropped, what the parser
 * closes implicitly closed (`<p>` before a block, `<col>`, `<li>`), the table parts it implies added
 * (`<colgroup>` around a `<col>`, `<tr>` around a `<th>` in a table body), text misplaced in a
 * table moved before it, characters HTML reports as errors dropped. Every reader builds the same
 * tree from it as it did from the original, and a strict parser (the W3C Feed Validator's html5lib)
 * finds nothing to report. It adds no element a parser would not have built, so what was safe
 * stays safe.
 */
export function rebuildHtml(source: string): string {
  let html = rebuildOnce(withoutNonHtmlCharacters(source));
  // A tree built by foster parenting (text or a link misplaced in a table, moved before it) can
  // hold a link inside a link, which HTML written out does not read back: parsed again until it
  // does. Only tables foster-parent, so only HTML with a table pays the second parse.
  for (let round = 0; round < MAX_ROUNDS && /<table\b/i.test(html); round += 1) {
    const again = rebuildOnce(html);
    if (again === html) break;
    html = again;
  }
  return html;
}

/** Rounds of rebuilding HTML with a table, at most, after the first (one is enough for foster-parented links). */
const MAX_ROUNDS = 3;

function rebuildOnce(source: string): string {
  const fragment = parseFragment(CONTEXT, source, {});
  if (/<pre\b/i.test(source)) keepLeadingNewlines(fragment);
  return serialize(fragment);
}

/**
 * The parser drops the newline right after `<pre>`, and parse5 writes none back, so a `<pre>`
 * whose text starts with a newline would lose it: one is added, for the next parser to drop.
 */
function keepLeadingNewlines(node: ParentNode): void {
  for (const child of node.childNodes) {
    if (!defaultTreeAdapter.isElementNode(child)) continue;
    const first = child.childNodes[0];
    if (child.tagName === 'pre' && first && defaultTreeAdapter.isTextNode(first) && first.value.startsWith('\n')) first.value = `\n${first.value}`;
    keepLeadingNewlines(child);
  }
}
