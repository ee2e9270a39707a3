/** Inline markup of an Atom feed's head or of one entry, as written in the document, by element name. */
export type InlineMarkup = Partial<Record<string, string>>;

const FEED_TEXTS = ['title', 'subtitle', 'tagline'];
const ENTRY_TEXTS = ['title', 'summary', 'content'];

/**
 * xml2js keeps an element's text apart from its child elements, so markup written inline in an
 * Atom text construct (type="xhtml", Atom 0.3's mode="xml", or plain "naked" markup) comes back out
 * of order: `Voir <a>la page</a>.` is rebuilt as `Voir .<a>la page</a>`, and a script's text runs
 * into the words around it. This reads that markup from the document text instead: for the feed's
 * head and each entry, the inside of every title, subtitle, summary and content that holds child
 * elements, without the wrapping <div> of type="xhtml" and without namespace prefixes. Entries are
 * undefined when the ones found don't line up with `entryCount`; the caller then keeps rss-parser's
 * version.
 */
export function readInlineMarkup(text: string, entryCount: number, prefix?: string): { feed: InlineMarkup; entries: InlineMarkup[] | undefined } {
  const p = prefix === undefined ? '' : `${escapeRegExp(prefix)}:`;
  const entries = [...text.matchAll(new RegExp(`<${p}entry\\b[^>]*>([\\s\\S]*?)</${p}entry\\s*>`, 'g'))];
  const firstEntry = entries[0]?.index ?? text.length;
  return {
    feed: readTexts(text.slice(0, firstEntry), FEED_TEXTS, p),
    entries: entries.length === entryCount ? entries.map(([, body = '']) => readTexts(withoutSource(body, p), ENTRY_TEXTS, p)) : undefined,
  };
}

function readTexts(body: string, names: string[], p: string): InlineMarkup {
  const markup: InlineMarkup = {};
  const element = new RegExp(`<${p}(${names.join('|')})\\b([^>]*?)(?<!/)>([\\s\\S]*?)</${p}\\1\\s*>`, 'g');
  for (const [, name = '', attributes = '', inner = ''] of body.matchAll(element)) {
    if (markup[name] !== undefined || !hasChildElements(inner)) continue;
    const isXhtml = /\btype\s*=\s*["']xhtml["']/.test(attributes);
    const inside = withCdataAsText(inner);
    markup[name] = withoutPrefixes(isXhtml ? unwrapDiv(inside) : inside.trim());
  }
  return markup;
}

/** An entry without its atom:source, whose title is the original feed's, not the entry's. */
function withoutSource(body: string, p: string): string {
  return body.replace(new RegExp(`<${p}source\\b[\\s\\S]*?</${p}source\\s*>`, 'g'), '');
}

/** Whether the element holds elements of its own, not counting markup escaped in CDATA or in comments. */
export function hasChildElements(inner: string): boolean {
  return /<[A-Za-z_]/.test(inner.replace(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g, ''));
}

/** A CDATA section inside XHTML is text: written out escaped, as HTML has no CDATA (a sanitizer drops it as a comment). */
export function withCdataAsText(markup: string): string {
  return markup.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, content: string) => content.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/** RFC 4287 §3.1.1.3: the XHTML div around the content is not part of it. */
function unwrapDiv(markup: string): string {
  const match = /^\s*<(?:[\w.-]+:)?div\b[^>]*>([\s\S]*)<\/(?:[\w.-]+:)?div\s*>\s*$/.exec(markup);
  return (match?.[1] ?? markup).trim();
}

/** `<xhtml:p>` as `<p>`: HTML knows no namespaces. */
export function withoutPrefixes(markup: string): string {
  return markup.replace(/<(\/?)[A-Za-z_][\w.-]*:(?=[A-Za-z_])/g, '<$1');
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
