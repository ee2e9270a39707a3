import { decode } from 'html-entities';
import sanitizeHtml from 'sanitize-html';
import { ALLOWED_ATTRIBUTES, ALLOWED_TAGS } from '../../src/normalizer/sanitize-content.js';
import { NON_TEXT_TAGS } from '../../src/normalizer/text.js';

/**
 * Comparisons between feedparser's expected values and inspect's output, written independently of
 * the code under test (no normalizer function is used to prepare an expected value), so a bug
 * shared by both sides cannot hide.
 */

/** Expected text as plain text: tags dropped, entities decoded once, whitespace collapsed. */
export function flattenHtml(html: string): string {
  const withoutMarkup = html.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<\/?[A-Za-z][^<>]*>/g, ' ');
  return collapse(decode(withoutMarkup));
}

export function collapse(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Whether a string holds a start or end tag. */
export function hasMarkup(text: string): boolean {
  return /<\/?[A-Za-z][\w:-]*(?:\s[^<>]*)?\/?>/.test(text);
}

/**
 * Ours (plain text, null for none) against an expected value read as HTML and flattened. A
 * description cut at our length ends in "…": then only the part before it has to agree.
 */
export function sameText(ours: unknown, expected: unknown): boolean {
  if (ours !== null && typeof ours !== 'string') return false;
  const actual = collapse(ours ?? '');
  // A plain-text value (an Atom type="text" title) is not HTML: as written, it may agree too.
  if (typeof expected === 'string' && actual === collapse(expected)) return true;
  const wanted = expected === null || expected === undefined ? '' : flattenHtml(String(expected));
  if (actual.endsWith('…') && actual.length < wanted.length) return wanted.startsWith(actual.slice(0, -1).trimEnd());
  return actual === wanted;
}

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'command']);

/**
 * HTML equivalence: the same elements in the same order with the same attributes (in any order,
 * values decoded) and the same text (decoded, whitespace collapsed); `<br>` and `<br />` are one.
 * Our links carry rel="noopener noreferrer" on purpose: an a's rel is left out on both sides.
 */
export function sameHtml(ours: unknown, expected: unknown): boolean {
  if (ours !== null && typeof ours !== 'string') return false;
  const wanted = expected === null || expected === undefined ? '' : String(expected);
  if (!hasMarkup(wanted)) return sameText(ours === null ? null : flattenHtml(ours), wanted);
  return JSON.stringify(htmlTokens(ours ?? '')) === JSON.stringify(htmlTokens(wanted));
}

function htmlTokens(html: string): string[] {
  const tokens: string[] = [];
  const pattern = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<![^>]*>|<(\/?)([A-Za-z][\w:-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>|([^<]+|<)/g;
  let text = '';
  const flushText = (): void => {
    const collapsed = collapse(decode(text));
    if (collapsed !== '') tokens.push(`text:${collapsed}`);
    text = '';
  };
  for (const match of html.matchAll(pattern)) {
    const [, slash, name, attributes, textPart] = match;
    if (textPart !== undefined) {
      text += textPart;
      continue;
    }
    if (name === undefined) continue; // comment, CDATA marker or declaration
    flushText();
    const tag = name.toLowerCase();
    if (slash) {
      if (!VOID_ELEMENTS.has(tag)) tokens.push(`end:${tag}`);
      continue;
    }
    tokens.push(`start:${tag}${readAttributes(tag, attributes ?? '')}`);
  }
  flushText();
  return tokens;
}

function readAttributes(tag: string, source: string): string {
  const attributes: string[] = [];
  for (const [, rawName = '', double, single, bare] of source.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    const name = rawName.toLowerCase();
    if (tag === 'a' && name === 'rel') continue;
    attributes.push(`${name}=${decode(double ?? single ?? bare ?? '')}`);
  }
  return attributes.length === 0 ? '' : ` ${attributes.sort().join(' ')}`;
}

/** URLs as the URL parser spells them (case of scheme and host, default port, empty path). */
export function sameUrl(ours: unknown, expected: unknown): boolean {
  if (typeof ours !== 'string' || typeof expected !== 'string') return ours === expected || (ours === null && expected === '');
  return normalizeUrl(ours) === normalizeUrl(expected);
}

function normalizeUrl(url: string): string {
  try {
    return new URL(url.trim()).href;
  } catch {
    return url.trim();
  }
}

/** Ours, an ISO string in UTC, against an RFC 822/3339 string (read by the JS Date parser) or a time tuple (UTC). */
export function sameDate(ours: unknown, expected: unknown): boolean {
  if (typeof ours !== 'string') return false;
  const ms = Array.isArray(expected)
    ? Date.UTC(Number(expected[0]), Number(expected[1]) - 1, Number(expected[2]), Number(expected[3]), Number(expected[4]), Number(expected[5]))
    : Date.parse(String(expected).replace(/\bUT\b/, 'UTC'));
  return Number.isFinite(ms) && new Date(ms).toISOString() === ours;
}

/** Language tags are case-insensitive; `en_US` is feedparser's spelling of `en-US`; None is null. */
export function sameLanguage(ours: unknown, expected: unknown): boolean {
  const tag = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase().replace(/_/g, '-') : null);
  return tag(ours) === tag(expected);
}

const ENCODING_ALIASES: Record<string, string> = {
  usascii: 'ascii',
  ascii: 'ascii',
  latin1: 'iso88591',
  iso88591: 'iso88591',
  cp1252: 'windows1252',
  windows1252: 'windows1252',
  cp936: 'gbk',
  gb2312: 'gbk',
  gbk: 'gbk',
  gb18030: 'gb18030',
  eucjp: 'eucjp',
  euckr: 'euckr',
  cp949: 'euckr',
  shiftjis: 'shiftjis',
  sjis: 'shiftjis',
  big5: 'big5',
  big5hkscs: 'big5',
  tis620: 'tis620',
  windows874: 'tis620',
};

/** Charset labels compared by name, ignoring case and punctuation, with common aliases folded. */
export function sameEncoding(ours: unknown, expected: unknown): boolean {
  const name = (value: unknown) => {
    const key = String(value ?? '')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    return ENCODING_ALIASES[key] ?? key;
  };
  return typeof ours === 'string' && name(ours) === name(expected);
}

/** feedparser's version string (rss20, rss091u, atom10, rss10, json11, …) against our source type. */
export function sameFormat(ours: unknown, expected: unknown): boolean {
  const version = String(expected);
  const type = /^atom/.test(version) ? 'ATOM' : /^(rss090|rss10)$/.test(version) ? 'RDF' : /^rss/.test(version) ? 'RSS' : /^json/.test(version) ? 'JSON' : undefined;
  return ours === type;
}

/** An integer given as a string (`'42301'`) or a number. */
export function sameInteger(ours: unknown, expected: unknown): boolean {
  return typeof ours === 'number' && ours === Number(expected);
}

/** As written, but for surrounding whitespace. */
export function sameExact(ours: unknown, expected: unknown): boolean {
  const value = (v: unknown) => (typeof v === 'string' ? v.trim() : (v ?? null));
  return value(ours) === value(expected);
}

/**
 * HTML reduced to our allowlist: elements we don't allow unwrapped (their text kept, but for
 * script, style, title and the like), attributes we don't allow dropped. Used only to tell whether
 * a difference is nothing but our narrower allowlist.
 */
export function reduceToAllowlist(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [...ALLOWED_TAGS],
    allowedAttributes: { ...ALLOWED_ATTRIBUTES },
    nonTextTags: [...NON_TEXT_TAGS],
    allowedSchemes: ['http', 'https', 'mailto', 'data'],
  });
}
