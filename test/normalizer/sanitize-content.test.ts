import { describe, expect, it } from 'vitest';
import { rebuildHtml } from '../../src/normalizer/rebuild-html.js';
import { sanitizeContent } from '../../src/normalizer/sanitize-content.js';

const BASE = 'https://blog.example.com/posts/';

describe('sanitizeContent', () => {
  it('removes script and style elements with their content', () => {
    expect(sanitizeContent('<p>ok</p><script>alert(1)</script><style>p{}</style>', BASE)).toBe('<p>ok</p>');
  });

  it('removes event handler attributes', () => {
    const html = sanitizeContent('<p onclick="x()">a</p><img src="/a.png" onerror="steal()" onload="x()">', BASE);
    expect(html).toBe('<p>a</p><img src="https://blog.example.com/a.png">');
  });

  it('removes javascript:, vbscript: and data: links', () => {
    const html = sanitizeContent('<a href="javascript:alert(1)">a</a><a href=" JaVaScRiPt:alert(1)">b</a><a href="vbscript:x">c</a><a href="data:text/html,x">d</a>', BASE);
    expect(html).not.toMatch(/javascript|vbscript|data:/i);
    expect(html).toBe('<a rel="noopener noreferrer">a</a><a rel="noopener noreferrer">b</a><a rel="noopener noreferrer">c</a><a rel="noopener noreferrer">d</a>');
  });

  it('keeps data:image on img but no other data: URL', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(sanitizeContent(`<img src="${png}">`, BASE)).toBe(`<img src="${png}">`);
    expect(sanitizeContent('<p>x</p><img src="data:text/html;base64,PHNjcmlwdD4=">', BASE)).toBe('<p>x</p>');
    expect(sanitizeContent('<p>x</p><img src="data:image/svg+xml;base64,PHN2Zz4=">', BASE)).toBe('<p>x</p>');
  });

  it('removes iframe, object, embed and form', () => {
    const html = sanitizeContent('<p>a</p><iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="x.swf"><form action="/p"><input name="q"></form>', BASE);
    expect(html).toBe('<p>a</p>');
  });

  it('resolves relative links and images against the base', () => {
    expect(sanitizeContent('<a href="../about">about</a> <img src="img/x.png" alt="x">', BASE)).toBe(
      '<a href="https://blog.example.com/about" rel="noopener noreferrer">about</a> <img src="https://blog.example.com/posts/img/x.png" alt="x">',
    );
  });

  it('gives every link rel="noopener noreferrer", replacing the one it had', () => {
    expect(sanitizeContent('<a href="https://x.example/" rel="author" target="_blank">x</a>', BASE)).toBe('<a href="https://x.example/" rel="noopener noreferrer">x</a>');
  });

  it('keeps mailto links', () => {
    expect(sanitizeContent('<a href="mailto:me@example.com">mail</a>', BASE)).toBe('<a href="mailto:me@example.com" rel="noopener noreferrer">mail</a>');
  });

  it('keeps the allowed structure and drops style and class attributes', () => {
    const html =
      '<h2 class="x">T</h2><blockquote style="color:red"><p><em>e</em> <strong>s</strong></p></blockquote><ul><li>1</li></ul><pre><code>c</code></pre><table><tr><td colspan="2">t</td></tr></table>';
    expect(sanitizeContent(html, BASE)).toBe(
      '<h2>T</h2><blockquote><p><em>e</em> <strong>s</strong></p></blockquote><ul><li>1</li></ul><pre><code>c</code></pre><table><tbody><tr><td colspan="2">t</td></tr></tbody></table>',
    );
  });

  it('keeps the direction, language and title of any element', () => {
    expect(sanitizeContent('<p dir="rtl" lang="he" title="t" class="x">שלום</p>', BASE)).toBe('<p dir="rtl" lang="he" title="t">שלום</p>');
  });

  it('gives nothing when nothing worth showing is left', () => {
    expect(sanitizeContent('<script>x</script>', BASE)).toBeUndefined();
    expect(sanitizeContent('<p> </p><div></div>', BASE)).toBeUndefined();
    expect(sanitizeContent('   ', BASE)).toBeUndefined();
  });

  it('tells text from markup, whitespace and characters XML forbids when deciding there is nothing to show', () => {
    expect(sanitizeContent('<p> &nbsp; </p><div>\u0001\u0008</div><br>', BASE)).toBeUndefined();
    expect(sanitizeContent('<p title="a > b"></p>', BASE)).toBeUndefined();
    expect(sanitizeContent('<p>&lt;b&gt;</p>', BASE)).toBe('<p>&lt;b&gt;</p>');
    expect(sanitizeContent('<p><b>0</b></p>', BASE)).toBe('<p><b>0</b></p>');
  });

  it('keeps content that is only an image', () => {
    expect(sanitizeContent('<img src="https://example.com/a.png">', BASE)).toBe('<img src="https://example.com/a.png">');
  });
});

describe('sanitizeContent writing well-formed HTML5', () => {
  it('drops an end tag that closes nothing', () => {
    expect(sanitizeContent('<p>a</p></p><p>b</p></div>c', BASE)).toBe('<p>a</p><p></p><p>b</p>c');
  });

  it('closes a <col> and puts it in the <colgroup> the parser implies', () => {
    expect(sanitizeContent('<table><col span="2"></col><tr><td>a</td><td>b</td></tr></table>', BASE)).toBe(
      '<table><colgroup><col span="2"></colgroup><tbody><tr><td>a</td><td>b</td></tr></tbody></table>',
    );
  });

  it('puts a <th> met in a table body into a row', () => {
    expect(sanitizeContent('<table><tbody><th>h</th><tr><td>d</td></tr></tbody></table>', BASE)).toBe('<table><tbody><tr><th>h</th></tr><tr><td>d</td></tr></tbody></table>');
  });

  it('closes a paragraph where another one or a block starts', () => {
    expect(sanitizeContent('<p>one<p>two<ul><li>x</ul>', BASE)).toBe('<p>one</p><p>two</p><ul><li>x</li></ul>');
    expect(sanitizeContent('<p><div>block</div></p>', BASE)).toBe('<p></p><div>block</div><p></p>');
  });

  it('moves text written in a table to before it, where readers show it', () => {
    expect(sanitizeContent('<table>stray<tr><td>a</td></tr></table>', BASE)).toBe('stray<table><tbody><tr><td>a</td></tr></tbody></table>');
  });

  it('ends a link where a link nested in it starts, and a heading where another starts', () => {
    expect(sanitizeContent('<a href="https://x.example/">1<a href="https://y.example/">2</a></a>', BASE)).toBe(
      '<a href="https://x.example/" rel="noopener noreferrer">1</a><a href="https://y.example/" rel="noopener noreferrer">2</a>',
    );
    expect(sanitizeContent('<h1>a<h2>b</h2></h1>', BASE)).toBe('<h1>a</h1><h2>b</h2>');
  });

  it('drops the controls and noncharacters HTML reports as errors', () => {
    expect(sanitizeContent('<p title="a\u0085b">x\u0080y\uFDD0z\u{1FFFE}</p>', BASE)).toBe('<p title="ab">xyz</p>');
    expect(sanitizeContent('<p>\u0085\u009F</p>', BASE)).toBeUndefined();
  });

  it('keeps the text of a <pre> that starts with a blank line', () => {
    expect(sanitizeContent('<pre>\n\ncode</pre>', BASE)).toBe('<pre>\n\ncode</pre>');
    expect(sanitizeContent('<pre>\ncode</pre>', BASE)).toBe('<pre>code</pre>');
  });

  it('keeps the text of HTML nested 10,000 deep, in at most 512 nested elements', () => {
    const html = sanitizeContent(`${'<div>'.repeat(10_000)}deep text${'</div>'.repeat(10_000)}`, BASE);
    expect(html).toBe(`${'<div>'.repeat(512)}deep text${'</div>'.repeat(512)}`);
  });

  it('writes HTML that an HTML5 parser builds back to itself', () => {
    const html = sanitizeContent('<p>a<table><th>h<td>d</table><col><li>x</p></b>&nbsp;<br/></br>', BASE)!;
    expect(rebuildHtml(html)).toBe(html);
  });

  it('writes a link foster-parented out of a table as HTML that reads back the same, with no link inside a link', () => {
    const html = sanitizeContent('<a href="/x"><table><col>&amp;<a href="/y">', BASE)!;
    expect(rebuildHtml(html)).toBe(html);
    expect(html).not.toMatch(/<a\b[^>]*>(?:(?!<\/a>).)*<a\b/);
  });
});

describe('sanitizeContent with iframes allowed', () => {
  const HOSTS = ['youtube.com', 'player.vimeo.com'];

  it('keeps an iframe on an allowed host or one of its subdomains, sandboxed', () => {
    expect(sanitizeContent('<iframe src="https://www.youtube.com/embed/abc" width="560" height="315" allowfullscreen onload="x()"></iframe>', BASE, HOSTS)).toBe(
      '<iframe src="https://www.youtube.com/embed/abc" width="560" height="315" allowfullscreen="" sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"></iframe>',
    );
  });

  it('drops an iframe on any other host, and one whose host only ends like an allowed one', () => {
    expect(sanitizeContent('<p>a</p><iframe src="https://evil.example/"></iframe>', BASE, HOSTS)).toBe('<p>a</p>');
    expect(sanitizeContent('<p>a</p><iframe src="https://notyoutube.com/embed/x"></iframe>', BASE, HOSTS)).toBe('<p>a</p>');
    expect(sanitizeContent('<p>a</p><iframe src="https://vimeo.com/1"></iframe>', BASE, HOSTS)).toBe('<p>a</p>');
  });

  it('drops an iframe with a javascript: or data: source', () => {
    expect(sanitizeContent('<p>a</p><iframe src="javascript:alert(1)"></iframe><iframe src="data:text/html,x"></iframe>', BASE, HOSTS)).toBe('<p>a</p>');
  });

  it('resolves a protocol-relative source before checking its host', () => {
    expect(sanitizeContent('<iframe src="//player.vimeo.com/video/1"></iframe>', BASE, HOSTS)).toBe(
      '<iframe src="https://player.vimeo.com/video/1" sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"></iframe>',
    );
  });

  it('drops every iframe when no host is allowed', () => {
    expect(sanitizeContent('<p>a</p><iframe src="https://www.youtube.com/embed/abc"></iframe>', BASE, [])).toBe('<p>a</p>');
  });
});
