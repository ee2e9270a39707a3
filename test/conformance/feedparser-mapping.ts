import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { InspectedItem, InspectReport } from '../../src/commands/inspect-report.js';
import { feedparserRoot } from './feedparser-cases.js';
import { flattenHtml, hasMarkup, reduceToAllowlist, sameDate, sameEncoding, sameExact, sameFormat, sameHtml, sameInteger, sameLanguage, sameText, sameUrl } from './compare-values.js';

/**
 * How feedparser's fields map onto `tributary inspect`'s output, how each pair is compared, and
 * where Tributary differs from feedparser on purpose. The one place these decisions live: the
 * conformance test and the results file read them from here.
 *
 * Field keys are feedparser's canonical paths with every index written `[]`
 * (`entries[0]['tags'][1]['term']` is `entries[].tags[].term`); the indexes are handed to `read`.
 */

export type Comparison = 'exact' | 'text' | 'html' | 'summary' | 'url' | 'date' | 'language' | 'encoding' | 'format' | 'integer' | 'read';

export const COMPARISONS: Record<Comparison, { means: string; same: (ours: unknown, expected: unknown) => boolean }> = {
  exact: { means: 'equal as written, but for surrounding whitespace', same: sameExact },
  text: {
    means:
      'ours (plain text) equals the expected value read as HTML and flattened: tags dropped, entities decoded once, whitespace collapsed; a description cut at our length must agree up to the "…"',
    same: sameText,
  },
  html: {
    means: "HTML-equivalent: same elements, attributes (any order, decoded) and text (whitespace collapsed); an a's rel is ignored; an expected value without markup is compared as text",
    same: sameHtml,
  },
  summary: {
    means:
      "feedparser's summary is HTML, ours is split in two: our description (plain text) must agree as `text`, and where the expected value holds markup, our content (where we keep markup) must agree as `html`",
    same: (ours, expected) => {
      const { description, content } = (ours ?? {}) as { description?: unknown; content?: unknown };
      return sameText(description ?? null, expected) && (typeof expected !== 'string' || !hasMarkup(expected) || sameHtml(content ?? null, expected));
    },
  },
  url: { means: 'equal once both are spelled by the WHATWG URL parser', same: sameUrl },
  date: { means: 'the same instant: expected RFC 822/3339 string or time tuple, taken as UTC, against our ISO 8601 UTC string', same: sameDate },
  language: { means: 'language tags equal ignoring case, `_` read as `-`; None is our null', same: sameLanguage },
  encoding: { means: 'charset names equal ignoring case and punctuation, common aliases folded (us-ascii = ascii, gb2312 = gbk, …)', same: sameEncoding },
  format: { means: "feedparser's version (rss20, rss091u, rss10, atom03, …) names our source type (RSS, RDF, ATOM, JSON)", same: sameFormat },
  integer: { means: 'the same integer (feedparser gives enclosure lengths as strings)', same: sameInteger },
  read: { means: 'inspect returns a report (no ParseError)', same: (ours) => ours === true },
};

export interface FieldMapping {
  /** Our field, in inspect's output. */
  ours: string;
  compare: Comparison;
  read: (report: InspectReport, indexes: number[]) => unknown;
}

/**
 * The item made of feedparser's entries[n]: items keep document order and leave out only the
 * rejected ones (listed with their index), so entry n is item n minus the rejections before it.
 */
function item(report: InspectReport, indexes: number[]): InspectedItem | undefined {
  const entry = indexes[0] ?? 0;
  if (report.rejected.some((rejection) => rejection.index === entry)) return undefined;
  return report.items[entry - report.rejected.filter((rejection) => rejection.index < entry).length];
}

const title: FieldMapping = { ours: 'items[].title', compare: 'text', read: (r, i) => item(r, i)?.title };
const feedTitle: FieldMapping = { ours: 'feed.title', compare: 'text', read: (r) => r.feed.title };
const author: FieldMapping = { ours: 'items[].author', compare: 'text', read: (r, i) => item(r, i)?.author };
const published: FieldMapping = { ours: 'items[].publishedAt', compare: 'date', read: (r, i) => item(r, i)?.publishedAt };
const updated: FieldMapping = { ours: 'items[].updatedAt', compare: 'date', read: (r, i) => item(r, i)?.updatedAt };
const itemLang: FieldMapping = { ours: 'items[].lang', compare: 'language', read: (r, i) => item(r, i)?.lang ?? null };
const category =
  (position: number): FieldMapping['read'] =>
  (r, i) =>
    item(r, i)?.categories[position];

/** Every feedparser field that inspect's output has a counterpart for. */
export const MAPPED_FIELDS: Record<string, FieldMapping> = {
  bozo: { ours: '(the document is read)', compare: 'read', read: () => true },
  encoding: { ours: 'document.encoding', compare: 'encoding', read: (r) => r.document.encoding },
  version: { ours: 'feed.type', compare: 'format', read: (r) => r.feed.type },
  'feed.title': feedTitle,
  'feed.title_detail.value': feedTitle,
  'feed.link': { ours: 'feed.link', compare: 'url', read: (r) => r.feed.link },
  'feed.id': { ours: 'feed.id', compare: 'exact', read: (r) => r.feed.id },
  'feed.language': { ours: 'feed.lang', compare: 'language', read: (r) => r.feed.lang },
  'feed.updated': { ours: 'feed.updatedAt', compare: 'date', read: (r) => r.feed.updatedAt },
  'feed.updated_parsed': { ours: 'feed.updatedAt', compare: 'date', read: (r) => r.feed.updatedAt },
  'entries[].title': title,
  'entries[].title_detail.value': title,
  'entries[].link': { ours: 'items[].link', compare: 'url', read: (r, i) => item(r, i)?.link },
  'entries[].id': { ours: 'items[].guid', compare: 'exact', read: (r, i) => item(r, i)?.guid },
  'entries[].guid': { ours: 'items[].guid', compare: 'exact', read: (r, i) => item(r, i)?.guid },
  'entries[].author': author,
  'entries[].author_detail.name': author,
  'entries[].published': published,
  'entries[].published_parsed': published,
  'entries[].created': published,
  'entries[].created_parsed': published,
  'entries[].updated': updated,
  'entries[].updated_parsed': updated,
  'entries[].summary': {
    ours: 'items[].description, items[].content',
    compare: 'summary',
    read: (r, i) => {
      const found = item(r, i);
      return found && { description: found.description, content: found.content };
    },
  },
  'entries[].content[].value': { ours: 'items[].content', compare: 'html', read: (r, i) => item(r, i)?.content ?? null },
  'entries[].content[].language': itemLang,
  'entries[].title_detail.language': itemLang,
  'entries[].summary_detail.language': itemLang,
  'entries[].category': { ours: 'items[].categories[0]', compare: 'exact', read: category(0) },
  'entries[].tags[].term': { ours: 'items[].categories[]', compare: 'exact', read: (r, i) => item(r, i)?.categories[i[1] ?? 0] },
  'entries[].tags': { ours: 'items[].categories', compare: 'exact', read: (r, i) => item(r, i)?.categories },
  'entries[].enclosures[].href': { ours: 'items[].enclosures[].url', compare: 'url', read: (r, i) => item(r, i)?.enclosures[i[1] ?? 0]?.url },
  'entries[].enclosures[].url': { ours: 'items[].enclosures[].url', compare: 'url', read: (r, i) => item(r, i)?.enclosures[i[1] ?? 0]?.url },
  'entries[].enclosures[].length': {
    ours: 'items[].enclosures[].length',
    compare: 'integer',
    read: (r, i) => item(r, i)?.enclosures[i[1] ?? 0]?.length,
  },
  'entries[].enclosures[].type': { ours: 'items[].enclosures[].type', compare: 'exact', read: (r, i) => item(r, i)?.enclosures[i[1] ?? 0]?.type },
};

/**
 * Fields left out, by pattern, each with why. A field that matches none of these and is not mapped
 * fails the test, so every one of feedparser's fields is accounted for.
 */
export const UNMAPPED_FIELDS: Array<{ fields: RegExp; reason: string }> = [
  {
    fields:
      /^feed\.(subtitle|info|rights|author|authors|contributors|publisher|generator|docs|image|tags|category|textinput|ttl|created|published|validity_|newlocation|links|icon|logo)|^feed\.(itunes|title_detail\.(base|type|language))/,
    reason: 'Tributary keeps of a feed only what an item or an atom:source needs (title, link, id, language, updated); the rest is not part of its model',
  },
  {
    fields: /^feed\.\w+_detail\.(base|type|language)|^entries\[\]\.\w+_detail\.(base|type)|^entries\[\]\.content\[\]\.(base|type)/,
    reason:
      "feedparser reports each text construct's xml:base, media type and language; Tributary resolves URLs with the base and turns every text into plain text or sanitized HTML, so these are not kept",
  },
  {
    fields:
      /^entries\[\]\.(tags\[\]\.scheme|links|contributors|authors|author_detail\.(email|href)|publisher|source|rights|license|comments|wfw_|where|psc_chapters|itunes_|media_|image|subtitle|expired|madeup_element|guidislink|summary_detail\.value|rights_detail)/,
    reason: 'not part of the Item model (one link, one author name, no contributors, comments, geo, chapters, iTunes or Media RSS fields beyond images and enclosures)',
  },
  { fields: /^(etag|modified|modified_parsed)$/, reason: 'HTTP validators belong to the fetcher and the source state, not to inspect output' },
];

/** A known, deliberate difference: where it applies, a disagreement is explained rather than counted as a bug. */
export interface DeliberateDifference {
  reason: string;
  /** Field keys it is about; all when absent. */
  fields?: string[];
  /** Case paths it is stated for, one by one. A listed case that agrees fails the test: the list must stay true. */
  cases?: string[];
  /** A whole category, told apart by the case and the values: applies only where it returns true. */
  applies?: (context: DifferenceContext) => boolean;
}

export interface DifferenceContext {
  path: string;
  key: string;
  indexes: number[];
  expected: unknown;
  ours: unknown;
  report: InspectReport | undefined;
}

const rejectedBecause = (reason: RegExp) => (context: DifferenceContext) =>
  context.report?.rejected.some((rejection) => rejection.index === (context.indexes[0] ?? 0) && reason.test(rejection.reason)) ?? false;

const htmlFields = ['entries[].summary', 'entries[].content[].value'];
const contentOf = (ours: unknown): unknown => (typeof ours === 'object' && ours !== null && 'content' in ours ? (ours as { content: unknown }).content : ours);
const titleFields = ['feed.title', 'feed.title_detail.value', 'entries[].title', 'entries[].title_detail.value'];

export const DELIBERATE_DIFFERENCES: DeliberateDifference[] = [
  {
    reason:
      'an item with no id, link, title, date, summary, content or enclosure is rejected (logged, never stored): it can be neither told apart on the next poll nor shown. feedparser keeps it, and its test cases often hold nothing but the one element they test (an author, a category)',
    applies: rejectedBecause(/^nothing to identify or show/),
  },
  {
    reason: 'items sharing an id within one document are kept once, the first: the store is keyed on the id. feedparser lists every entry',
    applies: rejectedBecause(/^same externalId/),
  },
  {
    reason:
      "our sanitizer's allowlist is narrower than feedparser's: no style, class or presentational attributes, no SVG or MathML, no form, media or obsolete elements (their text is kept), and markup left with nothing to show is no content. These are the checks where ours equals feedparser's value reduced to our allowlist",
    fields: htmlFields,
    applies: ({ expected, ours }) => {
      if (typeof expected !== 'string' || !hasMarkup(expected)) return false;
      const reduced = reduceToAllowlist(expected);
      const content = contentOf(ours) ?? null;
      return sameHtml(content, reduced) || (content === null && flattenHtml(reduced) === '' && !/<img\b/i.test(reduced));
    },
  },
  {
    reason: 'an <img> without a usable src shows nothing and is dropped (its alt text with it)',
    fields: htmlFields,
    applies: ({ expected }) => typeof expected === 'string' && /<img\b(?![^>]*\ssrc=)[^>]*>/i.test(expected),
  },
  {
    reason:
      "the document decodes to the same text under both names: bytes that are valid UTF-8 (as all ASCII is) are read as UTF-8 whatever the label says (see src/fetcher/decode-body.ts), where feedparser reports the label, or RFC 3023's us-ascii default for text/* types",
    fields: ['encoding'],
    applies: ({ path, expected, ours }) => typeof ours === 'string' && decodesAlike(path, ours, String(expected)),
  },
  {
    reason:
      "no statistical charset detection: bytes that are not UTF-8 and carry no label are read as windows-1252, which maps every byte (the fetcher's documented fallback); feedparser guesses with chardet",
    fields: ['encoding'],
    applies: ({ path }) => path.startsWith('tests/illformed/chardet/'),
  },
  {
    reason: 'a title is plain text: one that is nothing but markup (an image) has no text, so the item is titled from its description, or "(untitled)"; the feed\'s title is then null',
    fields: titleFields,
    applies: ({ expected, ours }) => typeof expected === 'string' && flattenHtml(expected) === '' && (ours === '(untitled)' || ours === null),
  },
  {
    reason:
      'relative URLs are resolved against the URL the document was fetched from (and xml:base), not against a Content-Location header: RFC 7231 §3.1.4.2 dropped Content-Location as a base URI and browsers ignore it',
    applies: ({ path }) => /content_location/.test(path),
  },
  {
    reason: 'an Atom or JSON Feed id is a name, not a link: it is kept as written, never resolved against a base (it is also the key of every stored item)',
    fields: ['feed.id'],
    cases: ['tests/wellformed/base/http_feed_id_base_docuri.xml'],
  },
  {
    reason:
      "HTML is parsed as browsers parse it (HTML5): what a browser would not show — the text of <title> and <script>, comments, everything after a comment that is never closed, a table row outside a table (its text is kept) — is dropped, where feedparser's SGML-era sanitizer keeps some of it",
    cases: [
      'tests/wellformed/sanitize/entry_content_crazy.xml',
      'tests/wellformed/sanitize/entry_summary_crazy.xml',
      'tests/wellformed/sanitize/feed_title_crazy.xml',
      'tests/wellformed/sanitize/item_content_encoded_crazy.xml',
      'tests/wellformed/sanitize/style_moz_background_clip_initial.xml',
      'tests/wellformed/sanitize/xml_malicious_comment.xml',
    ],
  },
  {
    reason: 'content is always HTML: plain-text content (Atom type="text") is escaped and put in a paragraph, where feedparser hands it back as text',
    fields: ['entries[].content[].value'],
    cases: ['tests/wellformed/atom10/entry_content_text_plain_brackets.xml'],
  },
  {
    reason: 'an element given twice where it may appear once: we take the first, feedparser the last',
    cases: ['tests/wellformed/atom/entry_created_multiple_values.xml', 'tests/wellformed/atom/entry_updated_multiple_values.xml'],
  },
  {
    reason: "one language per item, that of its body (the content, else the summary, else the title, inheriting the entry's and the feed's); feedparser reports a language per element",
    fields: ['entries[].title_detail.language', 'entries[].summary_detail.language', 'entries[].content[].language'],
    cases: ['tests/wellformed/lang/entry_title_xml_lang_inherit_3.xml'],
  },
  {
    reason: "RSS has no <summary>: an item's <description> is its summary, and nothing makes it the content",
    cases: ['tests/wellformed/rss/item_summary_and_description.xml'],
  },
  {
    reason: 'XML element names are case-sensitive: <TiTlE> is not <title>',
    cases: ['tests/wellformed/itunes/itunes_core_element_uppercase.xml'],
  },
  {
    reason: 'items are read inside the <channel> only (here there is none)',
    cases: ['tests/wellformed/rss/item_description_not_a_doctype2.xml'],
  },
  {
    reason: "CDF (Microsoft's Channel Definition Format, 1997) is not a feed format Tributary reads",
    applies: ({ path }) => /\/cdf[/_]/.test(path),
  },
];

/** Whether the case's bytes give the same text decoded with either charset name. */
function decodesAlike(casePath: string, ours: string, theirs: string): boolean {
  if (!iconv.encodingExists(ours) || !iconv.encodingExists(theirs)) return false;
  const bytes = readFileSync(path.join(feedparserRoot, casePath));
  return iconv.decode(bytes, ours) === iconv.decode(bytes, theirs);
}
