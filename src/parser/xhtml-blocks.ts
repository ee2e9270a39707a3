/** Inline XHTML of one Atom entry, as written in the document. */
export type XhtmlBlocks = Partial<Record<'title' | 'summary' | 'content', string>>;

/**
 * xml2js keeps an element's text apart from its child elements, so Atom's inline XHTML
 * (type="xhtml") comes back out of order: `Voir <a>la page</a>.` is rebuilt as
 * `Voir .<a>la page</a>`. This reads that markup from the document text instead: for each entry, the
 * inside of its type="xhtml" title, summary and content, without the wrapping <div>. Undefined when
 * the entries found don't line up with `entryCount`, and the caller keeps rss-parser's version.
 */
export function readXhtmlBlocks(text: string, entryCount: number, prefix?: string): XhtmlBlocks[] | undefined {
  if (!/type\s*=\s*["']xhtml["']/.test(text)) return undefined;
  const p = prefix === undefined ? '' : `${escapeRegExp(prefix)}:`;
  const entries = [...text.matchAll(new RegExp(`<${p}entry\\b[^>]*>([\\s\\S]*?)</${p}entry\\s*>`, 'g'))];
  if (entries.length !== entryCount) return undefined;
  const element = new RegExp(`<${p}(title|summary|content)\\b([^>]*)>([\\s\\S]*?)</${p}\\1\\s*>`, 'g');
  return entries.map(([, body = '']) => {
    const blocks: XhtmlBlocks = {};
    for (const [, name, attributes = '', inner = ''] of body.matchAll(element)) {
      const key = name as keyof XhtmlBlocks;
      if (blocks[key] !== undefined || !/\btype\s*=\s*["']xhtml["']/.test(attributes)) continue;
      blocks[key] = unwrapDiv(inner);
    }
    return blocks;
  });
}

/** RFC 4287 §3.1.1.3: the XHTML div around the content is not part of it. */
function unwrapDiv(markup: string): string {
  const match = /^\s*<(?:[\w.-]+:)?div\b[^>]*>([\s\S]*)<\/(?:[\w.-]+:)?div\s*>\s*$/.exec(markup);
  return (match?.[1] ?? markup).trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
