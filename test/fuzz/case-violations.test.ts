import { describe, expect, it } from 'vitest';
import { caseViolations } from './case-violations.js';
import type { CaseRun, PublishedOutputs } from './fuzz-pipeline.js';
import { isScriptingUrl } from './output-checks.js';

/** One item, published cleanly in the three formats; each test breaks one thing in it. */
const atom = (entry = '<title type="text">Hi</title><content type="html">&lt;p&gt;Body&lt;/p&gt;</content><link rel="alternate" href="https://a.example/1"/>') =>
  `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>t</title><updated>2026-01-05T00:00:00Z</updated><entry><id>urn:1</id>${entry}</entry></feed>\n`;
const rss = (item = '<title>Hi</title><description>&lt;p&gt;Body&lt;/p&gt;</description>') =>
  `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>t</title><item>${item}</item></channel></rss>\n`;
const json = (item: Record<string, unknown> = { id: 'urn:1', content_html: '<p>Body</p>', url: 'https://a.example/1' }) =>
  JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 't', items: [item] });

function published(parts: Partial<PublishedOutputs> = {}): CaseRun {
  return {
    outcome: { sourceKey: 'fuzz', status: 'changed', added: 1, updated: 0 },
    published: { atom: atom(), rss: rss(), json: json(), items: 1, skipped: 0, ...parts },
    log: [],
  };
}

describe('the fuzz property flags', () => {
  it('nothing in a clean case, and not <script> as escaped text in a text construct or a JSON title', () => {
    expect(caseViolations(published())).toEqual([]);
    const textTitle = '<title type="text">&lt;script&gt;alert(1)&lt;/script&gt;</title><link rel="alternate" href="https://a.example/1"/>';
    expect(caseViolations(published({ atom: atom(textTitle), json: json({ id: 'urn:1', title: '<script>alert(1)</script>' }) }))).toEqual([]);
  });

  it('an output that is not well-formed XML', () => {
    expect(caseViolations(published({ rss: rss('<title>A & B</title>') }))).toEqual([expect.stringMatching(/^rss: not well-formed/)]);
  });

  it('a script element, escaped script in HTML content, an event handler, and a javascript: URL', () => {
    const cases: Array<[CaseRun, RegExp]> = [
      [published({ atom: atom('<title>x</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></div></content>') }), /^atom: holds "<script" unescaped$/],
      [published({ atom: atom('<title>x</title><content type="html">&lt;script&gt;alert(1)&lt;/script&gt;</content>') }), /^atom: \/feed\/entry\/content runs <script>/],
      [published({ rss: rss('<title>x</title><description>&lt;img src=x onerror=alert(1)&gt;</description>') }), /^rss: .*description runs img\[onerror\]/],
      [
        published({ rss: rss('<title>x</title><content:encoded>&lt;a href="java&amp;#x09;script:alert(1)"&gt;x&lt;/a&gt;</content:encoded>') }),
        /^rss: .*content:encoded runs a\[href=java\tscript:alert\(1\)\]/,
      ],
      [published({ atom: atom('<title>x</title><link rel="alternate" href=" javascript:alert(1)"/>') }), /^atom: \/feed\/entry\/link\[href\] = {2}javascript:/],
      [published({ rss: rss('<title>x</title><link>javascript:alert(1)</link>') }), /^rss: \/rss\/channel\/item\/link = javascript:/],
      [published({ rss: rss('<title>x</title><guid isPermaLink="true">vbscript:x</guid>') }), /^rss: \/rss\/channel\/item\/guid = vbscript:/],
      [published({ json: json({ id: 'urn:1', content_html: '<svg onload="alert(1)"></svg>' }) }), /^json\.items\[0\]\.content_html runs svg\[onload\]/],
      [published({ json: json({ id: 'urn:1', attachments: [{ url: 'data:text/html,<script>alert(1)</script>' }] }) }), /^json\.items\[0\]\.attachments\[0\]\.url = data:text\/html/],
    ];
    for (const [run, expected] of cases) expect(caseViolations(run)).toContainEqual(expect.stringMatching(expected));
  });

  it('a JSON Feed of the wrong version, or with an item without an id', () => {
    expect(caseViolations(published({ json: JSON.stringify({ version: 'https://jsonfeed.org/version/1', items: [{ id: 'x' }] }) }))).toEqual([expect.stringMatching(/version/)]);
    expect(caseViolations(published({ json: json({ url: 'https://a.example/1' }) }))).toEqual(['json: items[0] has no id']);
  });

  it('outputs that hold fewer items than were stored, or items the publisher skipped', () => {
    expect(caseViolations({ ...published(), outcome: { sourceKey: 'fuzz', status: 'changed', added: 2, updated: 0 } })).toEqual(['2 items stored, 1 published']);
    expect(caseViolations(published({ skipped: 1 }))).toEqual(['the publisher skipped 1 stored items']);
  });

  it('a failure that is not a typed error, and anything logged as an error', () => {
    const untyped: CaseRun = {
      outcome: { sourceKey: 'fuzz', status: 'failed', added: 0, updated: 0, errorKind: 'unknown', reason: 'boom' },
      log: [{ level: 40, msg: 'source failing: boom', err: { type: 'TypeError' } }],
    };
    expect(caseViolations(untyped)).toEqual(['failed without a typed error: unknown boom', expect.stringMatching(/not a TributaryError/)]);
    const typed: CaseRun = { ...untyped, outcome: { ...untyped.outcome, errorKind: 'parse' }, log: [{ level: 40, msg: 'source failing: bad', code: 'PARSE_FAILED' }] };
    expect(caseViolations(typed)).toEqual([]);
    expect(caseViolations({ ...published(), log: [{ level: 50, msg: 'skipped an item that cannot be published' }] })).toEqual([expect.stringMatching(/^logged an error/)]);
  });
});

describe('a scripting URL', () => {
  it('is javascript:, vbscript: or a data: URL but an inline raster image, however it is spaced or cased', () => {
    for (const url of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'java\tscript:x', 'vbscript:x', 'data:text/html,x', 'data:image/svg+xml,<svg/>']) expect(isScriptingUrl(url), url).toBe(true);
    for (const url of ['https://a.example/javascript:x', 'data:image/png;base64,iVBORw0KGgo=', 'mailto:a@b.example', '/relative']) expect(isScriptingUrl(url), url).toBe(false);
  });
});
