import { NodeHtmlMarkdown, PostProcessResult, type TranslatorConfig, type TranslatorConfigFactory } from 'node-html-markdown';

/*
 * An item's sanitized HTML as Markdown, by node-html-markdown: links, lists, emphasis, headings,
 * quotes, tables, images and code kept. The content is sanitized already; what matters here is that
 * the Markdown cannot bring back what sanitizing took away, since a site's Markdown renderer may
 * pass raw HTML through (Astro's does). So:
 *   - text never opens HTML: every `<` is written `&lt;` (a backslash would not do: a bare URL
 *     before it, which GitHub's Markdown and marked link, takes the backslash into the link and
 *     leaves the `<` to open a tag), and an `&` that would start a character reference is
 *     backslash-escaped, beside Markdown's own characters, and whatever would start a block at the
 *     start of a line (`#`, `+`, `-`, `=`, `>`, `1.`, `1)`): text reads as the text it is;
 *   - inline code is a code span on one line (a blank line in it would end the span and leave its
 *     text to be read as Markdown, raw HTML and all); right after a bare URL (`http://…`, `www.…`),
 *     which GitHub's Markdown, marked and micromark link up to the next space or `<`, over the
 *     span's backtick, it is escaped text instead;
 *   - a `<pre>` becomes a fenced block of its text, the fence longer than any run of backticks in it
 *     (node-html-markdown writes a `<pre>` without one `<code>` as unescaped text, and always fences
 *     with three backticks, which code holding three would close); inside emphasis, a heading, a
 *     link or code, which would wrap the fence's lines, it is escaped text;
 *   - a list item's lines after its first are indented to its text, so a code block, a quote or a
 *     nested list in it stays in it (node-html-markdown leaves them at the margin with a hard break
 *     after each line, where a fence of code closes the list and its text is read as Markdown), and
 *     a quote keeps each line's indent after its `> `;
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
  parentNode?: ParsedNode | null;
}

/**
 * Escaped per text node, so an `&` that ends one is escaped too: the next node's text (a dropped
 * link's, an unknown element's) may follow it with no markup between.
 */
const TEXT_ESCAPES: [RegExp, string] = [/[\\`*_~[\]|]|&(?=#?[A-Za-z0-9]*(?:;|$))/g, '\\$&'];
/** After the escapes: a `<` as a character reference, which no Markdown reads as markup. */
const LESS_THAN: [RegExp, string] = [/</g, '&lt;'];
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

/** The run of text a bare URL would be linked over, up to here: no space or `<` since its `://` or `www.`. */
const BARE_URL_BEFORE = /(?::\/\/|www\.)[^\s<]*$/i;

const inlineCode = ({ visitor }: TranslatorContext): TranslatorConfig => {
  if (BARE_URL_BEFORE.test(visitor.result.text)) return {};
  return {
    noEscape: true,
    spaceIfRepeatingChar: true,
    postprocess: ({ content }) => {
      const code = content.replace(/[^\S\r\n]*(?:\r?\n[^\S\r\n]*)+/g, ' ');
      const longestRun = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
      const delimiter = '`'.repeat(longestRun + 1);
      const padding = longestRun > 0 ? ' ' : '';
      return `${delimiter}${padding}${code}${padding}${delimiter}`;
    },
  };
};

/** Elements whose Markdown wraps each line, or a single one, of what they hold: a fence inside one would not hold. */
const INLINE_WRAPPERS = new Set(['STRONG', 'B', 'EM', 'I', 'DEL', 'S', 'STRIKE', 'CODE', 'A', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);

const preformatted = ({ node }: TranslatorContext): TranslatorConfig => {
  const parsed = node as unknown as ParsedNode;
  // Inside one of those, its text as text: escaped, line by line.
  for (let up = parsed.parentNode; up; up = up.parentNode) if (up.tagName && INLINE_WRAPPERS.has(up.tagName.toUpperCase())) return {};
  const text = textOf(parsed).replace(/\n$/, '');
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return { content: `${fence}\n${text}\n${fence}`, recurse: false, surroundingNewlines: 2 };
};

const listItem = ({ options, listKind, listItemNumber }: TranslatorContext): TranslatorConfig => {
  const marker = listKind === 'OL' && listItemNumber !== undefined ? `${listItemNumber}. ` : `${options.bulletMarker} `;
  const indent = ' '.repeat(marker.length);
  return {
    // A nested list is indented by its parent item, as every other line of it.
    prefix: marker,
    surroundingNewlines: 1,
    postprocess: ({ content }) => (content.trim() === '' ? PostProcessResult.RemoveNode : content.trim().replace(/\n(?=[^\n])/g, `\n${indent}`)),
  };
};

/** Every line of a quote after `> `, as it is: node-html-markdown's takes a space off each, one a list item's line needs. */
const blockquote: TranslatorConfig = {
  postprocess: ({ content }) =>
    content
      .replace(/^(?:\r?\n)+|(?:\r?\n)+$/g, '')
      .split('\n')
      .map((line) => (line === '' ? '>' : `> ${line}`))
      .join('\n'),
};

const converter = new NodeHtmlMarkdown(
  { bulletMarker: '-', codeBlockStyle: 'fenced', globalEscape: TEXT_ESCAPES, lineStartEscape: LINE_START_ESCAPES, textReplace: [ORDERED_ITEM, LESS_THAN], keepDataImages: false },
  { a: link, img: image, pre: preformatted, li: listItem, code: inlineCode, blockquote },
);
// Inside a link and a table cell node-html-markdown uses collections of its own, with its defaults.
converter.aTagTranslators.set('img', image);
converter.aTagTranslators.set('pre', {});
converter.tableCellTranslators.set('a', link);
converter.tableCellTranslators.set('img', image);
converter.tableCellTranslators.set('code', inlineCode);
converter.aTagTranslators.set('code', inlineCode);

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
  return text.replace(/\s+/g, ' ').replace(TEXT_ESCAPES[0], TEXT_ESCAPES[1]).replace(LESS_THAN[0], LESS_THAN[1]).replace(/[()]/g, '\\$&');
}

/** The text of a node as a browser shows it in a <pre>: text nodes decoded, <br> as a line break. */
function textOf(node: ParsedNode): string {
  return node.childNodes.map((child) => (child.tagName === 'BR' ? '\n' : child.tagName ? textOf(child) : child.textContent)).join('');
}
