import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseDocument } from 'htmlparser2';
import type { PublishedOutputs } from './fuzz-pipeline.js';
import { DECODE_REFERENCES } from '../helpers/feed-xml.js';

/** Elements that run script, load active content, or change how the page around them behaves. */
const ACTIVE_ELEMENTS = new Set(['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'link', 'svg', 'math']);
/** Attributes whose value a browser follows as a URL. */
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'data',
  'xlink:href',
  'xml:base',
  'poster',
  'background',
  'cite',
  'srcset',
  'longdesc',
  'lowsrc',
  'dynsrc',
  'codebase',
  'icon',
  'manifest',
  'url',
  'uri',
]);
/** RSS elements whose text readers follow as a link (and guid, when isPermaLink="true"). */
const URL_ELEMENTS = new Set(['link', 'comments', 'docs']);

/**
 * A URL that runs script when followed: javascript:, vbscript:, livescript:, or a data: URL other than
 * an inline raster image (docs/items-and-outputs.md: content keeps "data: URLs but inline raster images"). Browsers
 * drop ASCII whitespace and controls inside a scheme, so those are removed before looking.
 */
export function isScriptingUrl(value: string): boolean {
  const squeezed = value.replace(/[\x00-\x20\x7f]/g, '').toLowerCase();
  if (/^(javascript|vbscript|livescript):/.test(squeezed)) return true;
  return squeezed.startsWith('data:') && !/^data:image\/(png|jpeg|jpg|gif|webp|avif)[;,]/.test(squeezed);
}

/** What would run if a reader showed this HTML: active elements, on* handlers, scripting URLs. */
export function activeParts(html: string): string[] {
  const found: string[] = [];
  const visit = (node: { children?: unknown[] }): void => {
    for (const child of (node.children ?? []) as Array<{ type: string; name?: string; attribs?: Record<string, string>; children?: unknown[] }>) {
      if (child.type === 'script' || child.type === 'style' || (child.name !== undefined && ACTIVE_ELEMENTS.has(child.name.toLowerCase()))) found.push(`<${child.name}>`);
      for (const [name, value] of Object.entries(child.attribs ?? {})) {
        if (/^on/i.test(name)) found.push(`${child.name}[${name}]`);
        if (URL_ATTRIBUTES.has(name.toLowerCase()) && isScriptingUrl(value)) found.push(`${child.name}[${name}=${value}]`);
      }
      visit(child);
    }
  };
  visit(parseDocument(html));
  return found;
}

const xmlParser = new XMLParser({ ...DECODE_REFERENCES, ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: false });

/**
 * What is wrong with one published Atom or RSS document: not well-formed, an element or attribute
 * that runs script, a URL attribute that does, or an HTML payload (Atom type="html", RSS description
 * and content:encoded) that would run script once a reader decodes and shows it. Text constructs
 * (Atom type="text", RSS titles) are escaped text, not HTML: `<script>` in them is what a reader
 * shows, not what it runs.
 */
export function xmlViolations(name: string, xml: string, expectedRoot: 'feed' | 'rss', expectedItems: number): string[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return [`${name}: not well-formed: ${valid.err.msg} at line ${valid.err.line}, column ${valid.err.col}`];
  const found: string[] = [];
  if (/<script/i.test(xml)) found.push(`${name}: holds "<script" unescaped`);
  const document = xmlParser.parse(xml) as Record<string, unknown>;
  const root = document[expectedRoot] as Record<string, unknown> | undefined;
  if (!root) return [...found, `${name}: root is not <${expectedRoot}>`];
  const entries = expectedRoot === 'feed' ? root.entry : (root.channel as Record<string, unknown> | undefined)?.item;
  const count = entries === undefined ? 0 : Array.isArray(entries) ? entries.length : 1;
  if (count !== expectedItems) found.push(`${name}: ${count} entries, but the publisher reported ${expectedItems}`);
  visitXml(document, '', (path, elementName, node) => {
    for (const [key, value] of Object.entries(node)) {
      if (!key.startsWith('@') || typeof value !== 'string') continue;
      const attribute = key.slice(1);
      if (/^on/i.test(attribute)) found.push(`${name}: ${path}[${attribute}] is an event handler`);
      if (URL_ATTRIBUTES.has(attribute.toLowerCase()) && isScriptingUrl(value)) found.push(`${name}: ${path}[${attribute}] = ${value}`);
    }
    const text = node['#text'];
    const isLink = URL_ELEMENTS.has(elementName) || (elementName === 'guid' && node['@isPermaLink'] === 'true');
    if (isLink && typeof text === 'string' && isScriptingUrl(text)) found.push(`${name}: ${path} = ${text}`);
    const isHtml = node['@type'] === 'html' || elementName === 'description' || elementName === 'content:encoded';
    if (isHtml && typeof text === 'string') for (const part of activeParts(text)) found.push(`${name}: ${path} runs ${part}: ${text.slice(0, 300)}`);
  });
  return found;
}

/** Calls `visit` for each element of a parsed document, text-only elements included (as { '#text' }). */
function visitXml(node: unknown, path: string, visit: (path: string, name: string, node: Record<string, unknown>) => void): void {
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key.startsWith('@') || key === '#text') continue;
    for (const [index, child] of (Array.isArray(value) ? value : [value]).entries()) {
      const childPath = `${path}/${key}${Array.isArray(value) ? `[${index}]` : ''}`;
      const element = typeof child === 'string' ? { '#text': child } : (child as Record<string, unknown>);
      if (element === null || typeof element !== 'object') continue;
      visit(childPath, key, element);
      visitXml(element, childPath, visit);
    }
  }
}

const JSON_URL_FIELD = /(^|_)(url|image|icon|favicon|avatar)$/;

/** What is wrong with the JSON Feed: not JSON, not version 1.1, an item without an id, script in content_html or a URL. */
export function jsonViolations(json: string, expectedItems: number): string[] {
  let feed: { version?: unknown; items?: unknown };
  try {
    feed = JSON.parse(json) as typeof feed;
  } catch (error) {
    return [`json: does not parse: ${String(error)}`];
  }
  const found: string[] = [];
  if (feed.version !== 'https://jsonfeed.org/version/1.1') found.push(`json: version is ${JSON.stringify(feed.version)}`);
  if (!Array.isArray(feed.items)) return [...found, 'json: items is not an array'];
  if (feed.items.length !== expectedItems) found.push(`json: ${feed.items.length} items, but the publisher reported ${expectedItems}`);
  feed.items.forEach((item: { id?: unknown }, index) => {
    if (typeof item.id !== 'string' || item.id === '') found.push(`json: items[${index}] has no id`);
  });
  visitJson(feed, 'json', (path, key, value) => {
    if (key === 'content_html') for (const part of activeParts(value)) found.push(`${path} runs ${part}: ${value.slice(0, 300)}`);
    if (JSON_URL_FIELD.test(key) && isScriptingUrl(value)) found.push(`${path} = ${value}`);
  });
  return found;
}

function visitJson(value: unknown, path: string, visit: (path: string, key: string, value: string) => void, key = ''): void {
  if (typeof value === 'string') visit(path, key, value);
  else if (Array.isArray(value)) {
    for (const [index, child] of value.entries()) visitJson(child, `${path}[${index}]`, visit, key);
  } else if (value && typeof value === 'object') for (const [childKey, child] of Object.entries(value)) visitJson(child, `${path}.${childKey}`, visit, childKey);
}

export function outputViolations(published: PublishedOutputs): string[] {
  return [...xmlViolations('atom', published.atom, 'feed', published.items), ...xmlViolations('rss', published.rss, 'rss', published.items), ...jsonViolations(published.json, published.items)];
}
