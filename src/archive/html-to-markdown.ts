import { NodeHtmlMarkdown, type TranslatorConfig, type TranslatorConfigFactory } from 'node-html-markdown';

/*
 * An item's sanitized HTML as Markdown, by node-html-markdown: links, lists, emphasis, headings,
 * quotes, tables, images and code kept. The content is sanitized already; what matters here is that
 * the Markdown cannot bring back what sanitizing took away, since a site's Markdown renderer may
 * pass raw HTML through (Astro's does). So:
 *   - text never opens HTML: a `<` before a letter, `/`, `!` or `?` (a tag, a comment, an autolink)
 *     and an `&` that would start a character reference are backslash-escaped, beside Markdown's own
 *     characters, and whatever would start a block at the start of a line (`#`, `+`, `-`, `=`, `>`,
 *     `1.`, `1)`): text reads as the text it is;
 *   - a `<pre>` becomes a fenced block of its text, the fence longer than any run of backticks in it
 *     (node-html-markdown writes a `<pre>` without one `<code>` as unescaped text, and always fences
 *     with three backticks, which code holding three would close);
 *   - a link or an image keeps only an http(s) or mailto URL (else the link is its text, the image
 *     goes), percent-encoded where Markdown would end it; its alt text and title are escaped.
 * Data-URL images are dropped, as node-html-markdown does by default.
 */

type TranslatorContext = Parameters<TranslatorConfigFactory>[0];
/** What textOf reads of node-html-parser's nodes. */
interface ParsedNode {
  tagName?: string;
  childNodes: ParsedNode[];
  textContent: string;
}

const TEXT_ESCAPES: [RegExp, string] = [/[\\`*_~[\]|]|<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)/g, '\\$&'];
/** What would start a block at the start of a line: a heading, a list item, a quote, a setext underline. */
const LINE_START_ESCAPES: [RegExp, string] = [/^(\s*)([#+\-=>])/gm, '$1\\$2'];
/** An ordered list's number: `1.` or `1)`. */
const ORDERED_ITEM: [RegExp, string] = [/^(\s*\d{1,9})([.)])/gm, '$1\\$2'];

const SAFE_SCHEMES = /^(?:https?|mailto):/i;

const link = ({ node, visitor }: TranslatorContext): TranslatorConfig => {
  const destination = destinationOf(node.getAttribute('href'));
  if (destination === undefined) return {};
  return {
    prefix: '[',
    postfix: `](${destination}${titleOf(node.getAttribute('title'))})`,
    postprocess: ({ content }) => content.replace(/(?:\r?\n)+/g, ' '),
    childTranslators: visitor.instance.aTagTranslators,
  };
};

const image = ({ node }: TranslatorContext): TranslatorConfig => {
  const destination = destinationOf(node.getAttribute('src'));
  if (destination === undefined) return { ignore: true };
  return { content: `![${escapeInline(node.getAttribute('alt') ?? '')}](${destination}${titleOf(node.getAttribute('title'))})`, recurse: false };
};

const preformatted = ({ node }: TranslatorContext): TranslatorConfig => {
  const text = textOf(node as unknown as ParsedNode).replace(/\n$/, '');
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return { content: `${fence}\n${text}\n${fence}`, recurse: false, surroundingNewlines: 2 };
};

const converter = new NodeHtmlMarkdown(
  { bulletMarker: '-', codeBlockStyle: 'fenced', globalEscape: TEXT_ESCAPES, lineStartEscape: LINE_START_ESCAPES, textReplace: [ORDERED_ITEM], keepDataImages: false },
  { a: link, img: image, pre: preformatted },
);
// Inside a link and a table cell node-html-markdown uses collections of its own, with its defaults.
converter.aTagTranslators.set('img', image);
converter.aTagTranslators.set('pre', {});
converter.tableCellTranslators.set('a', link);
converter.tableCellTranslators.set('img', image);

/** Markdown of sanitized HTML (see above). */
export function htmlToMarkdown(html: string): string {
  return converter.translate(html).trim();
}

/** Markdown of plain text: every character it has read as text, none as markup. */
export function textToMarkdown(text: string): string {
  return htmlToMarkdown(`<p>${text.replace(/[&<>]/g, (character) => HTML_ENTITIES[character]!)}</p>`);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** An http(s) or mailto URL as a Markdown link destination, or undefined for any other. */
function destinationOf(url: string | undefined): string | undefined {
  const trimmed = url?.trim();
  if (!trimmed || !SAFE_SCHEMES.test(trimmed)) return undefined;
  return trimmed.replace(/[\s<>()"'`\\\u0000-\u001f\u007f]/g, (character) => encodeURIComponent(character).replace(/'/g, '%27').replace(/\(/g, '%28').replace(/\)/g, '%29'));
}

function titleOf(title: string | undefined): string {
  const text = title?.replace(/\s+/g, ' ').trim();
  return text ? ` "${text.replace(/[\\"]/g, '\\$&')}"` : '';
}

function escapeInline(text: string): string {
  return text.replace(/\s+/g, ' ').replace(TEXT_ESCAPES[0], TEXT_ESCAPES[1]).replace(/[()]/g, '\\$&');
}

/** The text of a node as a browser shows it in a <pre>: text nodes decoded, <br> as a line break. */
function textOf(node: ParsedNode): string {
  return node.childNodes.map((child) => (child.tagName === 'BR' ? '\n' : child.tagName ? textOf(child) : child.textContent)).join('');
}
