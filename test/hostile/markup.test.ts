import { parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWellFormed, DECODE_REFERENCES } from '../helpers/feed-xml.js';
import { fixture, HostileHarness } from './hostile-harness.js';

const SCRIPTING_URL = /^\s*(javascript|vbscript|data:text\/html)/i;

/** What would run if a reader showed this HTML: script-like elements, on* handlers, scripting URLs. */
/** The names of every element inside an <svg> of the document. */
function svgDescendants(html: string): string[] {
  const names: string[] = [];
  const visit = (node: { children?: unknown[] }, inSvg: boolean): void => {
    for (const child of (node.children ?? []) as Array<Element & { children?: unknown[] }>) {
      if (inSvg && child.name) names.push(child.name);
      visit(child, inSvg || child.name === 'svg');
    }
  };
  visit(parseDocument(html), false);
  return names;
}

function activeParts(html: string): string[] {
  const found: string[] = [];
  const visit = (node: { children?: unknown[] }): void => {
    for (const child of (node.children ?? []) as Array<Element & { children?: unknown[] }>) {
      if (child.type === 'script' || child.type === 'style' || child.name === 'script' || child.name === 'iframe' || child.name === 'object' || child.name === 'embed' || child.name === 'svg') {
        found.push(`<${child.name}>`);
      }
      for (const [name, value] of Object.entries(child.attribs ?? {})) {
        if (/^on/i.test(name)) found.push(`${child.name}[${name}]`);
        if (SCRIPTING_URL.test(value)) found.push(`${child.name}[${name}=${value}]`);
      }
      visit(child);
    }
  };
  visit(parseDocument(html));
  return found;
}

/** Every string in a parsed document (texts and attribute values), with where it was. */
function strings(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((child, index) => strings(child, `${path}[${index}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, child]) => strings(child, `${path}.${key}`));
  return [];
}

describe('script, event handlers and javascript: URLs in a feed', () => {
  let harness: HostileHarness;
  let outputs: { atom: string; rss: string; json: string };
  let statusPage: string;
  beforeAll(async () => {
    harness = await HostileHarness.start();
    await harness.run('evil', { body: await fixture('script-everywhere.xml') });
    // A source that moved to a URL with markup in it and serves a document whose root is <script>:
    // its "moved to" URL and its error message both reach the status page.
    harness.server.route('/evil-target', { headers: { 'content-type': 'application/xml' }, body: '<?xml version="1.0"?><script xmlns="http://www.w3.org/1999/xhtml">alert("root")</script>' });
    await harness.run('moved-evil', { status: 301, headers: { location: '/evil-target?<script>alert("moved")</script>' }, body: '' });
    const config = harness.config('evil');
    outputs = await harness.publish(config);
    const both = { ...config, sources: [...config.sources, ...harness.config('moved-evil').sources] };
    statusPage = await harness.statusPage(both);
  });
  afterAll(async () => {
    await harness.close();
  });

  it('stores both items, with no scripting URL as a link, enclosure or image', async () => {
    const items = await harness.itemsOf('evil');
    expect(items).toHaveLength(2);
    const urls = items.flatMap((item) => [item.link, item.coverImage?.url, ...(item.enclosures ?? []).map((enclosure) => enclosure.url)]).filter(Boolean);
    for (const url of urls) expect(url).toMatch(/^https?:\/\//);
  });

  it('writes Atom and RSS in which no element, attribute or HTML payload can run script', () => {
    for (const xml of [outputs.atom, outputs.rss]) {
      assertWellFormed(xml);
      expect(xml).not.toMatch(/<script|<iframe|<svg|<img/i);
      const parsed = new XMLParser({ ...DECODE_REFERENCES, ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml) as unknown;
      for (const [path, value] of strings(parsed)) {
        if (/\.@(href|url|src)$/.test(path)) expect(value, path).not.toMatch(SCRIPTING_URL);
        // Every text may be shown as HTML by some reader: what it holds once decoded must not run.
        // (Attribute values other than URLs are escaped, and no reader renders them as HTML.)
        if (!path.includes('.@')) expect(activeParts(value), `${path}: ${value}`).toEqual([]);
      }
    }
  });

  it('writes a JSON Feed whose content_html cannot run script and whose URLs are http(s)', () => {
    const feed = JSON.parse(outputs.json) as { items: Array<Record<string, unknown>> };
    for (const [path, value] of strings(feed)) {
      if (/(url|image|href)$/i.test(path)) expect(value, path).toMatch(/^(https?:\/\/|urn:)/);
      if (path.endsWith('content_html')) expect(activeParts(value), path).toEqual([]);
    }
    expect(JSON.stringify(feed)).not.toMatch(/javascript:/i);
  });

  it('keeps the visible text of the hostile items', () => {
    const feed = JSON.parse(outputs.json) as { items: Array<{ title: string; content_html?: string }> };
    expect(feed.items.map((item) => item.title)).toEqual(['Title', 'Second item "]]>" & \'quotes\'']);
    expect(feed.items[0]!.content_html).toContain('Body text');
  });

  it('shows markup from errors and moved-to URLs on the status page only as escaped text', () => {
    expect(statusPage).toContain('XML root &lt;script&gt; is not a feed');
    // The page's own stylesheet and its own charts are its only active parts, and the charts are
    // drawing elements alone: nothing in them links, loads or runs.
    expect(activeParts(statusPage).filter((part) => part !== '<svg>')).toEqual(['<style>']);
    expect(new Set(svgDescendants(statusPage))).toEqual(new Set(['desc', 'line', 'text', 'g', 'title', 'rect', 'path']));
    expect(statusPage).not.toMatch(/<script/i);
  });
});
