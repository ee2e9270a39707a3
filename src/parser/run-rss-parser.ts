import { createRequire } from 'node:module';
import Parser from 'rss-parser';
import { DocumentError } from '../errors/document-error.js';
import { expandInternalEntities } from './internal-entities.js';
import { withItemsInChannel } from './items-outside-channel.js';
import { type FeedShape, recoverXml } from './recover-xml.js';
import { repairXml } from './repair-xml.js';
import type { XmlRoot } from './sniff-document.js';
import { isObject } from './xml-values.js';

/** rss-parser's result, read field by field through xml-values.ts: every value is untrusted. */
export interface RssParserOutput {
  feed: Record<string, unknown>;
  items: Array<Record<string, unknown>>;
  /** Set when only the lenient pass could read the document (recover-xml.ts): the strict parser's error. */
  recoveredFrom?: string;
  /** Set when the document was read only once repaired (repair-xml.ts). */
  repaired?: true;
}

type FieldSpec = string | [string, string, { keepArray: boolean }];
const all = (from: string, to = from): FieldSpec => [from, to, { keepArray: true }];

/** Raw elements copied beside rss-parser's own fields; names with `tributary:` are ours. */
const ITEM_FIELDS: FieldSpec[] = [
  all('media:content'),
  all('media:thumbnail'),
  all('media:group'),
  'media:description',
  'media:title',
  'dc:description',
  all('dc:creator', 'tributary:creators'),
  'dc:author',
  'itunes:author',
  'itunes:summary',
  'content:encoded',
  // Whole, so that xml:lang and xml:base stay (a single value with text is cut to its text).
  all('body'),
  all('xhtml:body'),
  all('fullitem'),
  'dc:date',
  'dc:language',
  'dcterms:modified',
  'dcterms:issued',
  'dcterms:created',
  all('media:category'),
  all('dc:subject'),
  all('enclosure', 'tributary:enclosures'),
  all('guid', 'tributary:guid'),
  all('category', 'tributary:categories'),
  all('$', 'tributary:attributes'),
  all('link', 'tributary:links'),
  all('title', 'tributary:title'),
  all('description', 'tributary:description'),
  // Atom (the date and link names are shielded, see shieldAtomElements).
  all('atom:link'),
  'atom:published',
  'atom:updated',
  // An RSS item's Atom author (atom:, or another prefix bound to Atom: see tagNameProcessors).
  all('atom:author', 'tributary:atomAuthors'),
  'id',
  'issued',
  'modified',
  'created',
  all('author', 'tributary:authors'),
  all('content', 'tributary:content'),
  all('summary', 'tributary:summary'),
];

const FEED_FIELDS: FieldSpec[] = [
  all('$', 'tributary:attributes'),
  'ttl',
  'sy:updatePeriod',
  'sy:updateFrequency',
  all('title', 'tributary:title'),
  'dc:title',
  'dc:description',
  'language',
  'dc:language',
  'lastBuildDate',
  'pubDate',
  'dc:date',
  'dcterms:modified',
  'id',
  'subtitle',
  'tagline',
  'modified',
  'atom:updated',
  all('atom:link'),
  all('author', 'tributary:authors'),
];

/**
 * rss-parser reads Atom dates and links without a guard (`new Date(x).toISOString()` on every
 * <published>, `link.$.rel` on every <link>), so one bad date or a bare <link>text</link> would lose
 * the whole feed. In Atom documents these elements get an `atom:` name that rss-parser ignores and
 * from-atom.ts reads instead.
 */
const SHIELDED_ATOM_ELEMENTS = new Set(['link', 'published', 'updated']);

/*
 * rss-parser makes a plain-text "snippet" of every description, content and content:encoded, with
 * backtracking regular expressions over the whole element and an entity decode of the result.
 * Tributary never reads them (it flattens its own descriptions, from a bounded prefix), and they
 * cost: about 400 MB and seconds for a 50 MiB content:encoded, and a share of every parse. The
 * helper is replaced once, at load, with one that makes none.
 */
const rssParserUtils = createRequire(import.meta.url)('rss-parser/lib/utils.js') as { getSnippet: (text: string) => string };
rssParserUtils.getSnippet = () => '';

/**
 * Parses XML with rss-parser: a new Parser each time, since one that has failed once misbehaves
 * after. A document that is not well-formed gets the repairs of repair-xml.ts, then the lenient
 * pass of recover-xml.ts, whose reading says so in `recoveredFrom`.
 */
export async function runRssParser(served: string, root: XmlRoot, rootOffset: number): Promise<RssParserOutput> {
  // The prolog is kept as it is: rootOffset still points at the root.
  const text = expandInternalEntities(served, rootOffset);
  const document = asRssParserReadsIt(text, root, rootOffset);
  try {
    const output = await parseOnce(document, root);
    return output.items.length > 0 || root.family !== 'rss' ? output : await withItemsAfterChannel(output, document, root);
  } catch (error) {
    if (!isSyntaxError(error)) throw unreadable(root, error);
    // The first error describes the document as served: it is the one reported, whatever follows.
    const problem = describeSyntaxError(error);
    const repaired = repairXml(document);
    if (repaired !== document) {
      try {
        return { ...(await parseOnce(repaired, root)), repaired: true };
      } catch {
        // Not enough: on to the lenient pass.
      }
    }
    try {
      // From the root as served: the end tags asRssParserReadsIt adds would close what a truncated document was cut inside.
      const recovered = recoverXml(repairXml(text.slice(rootOffset)), feedShape(root));
      return { ...(await parseOnce(asRssParserReadsIt(recovered, root, 0), root)), recoveredFrom: problem };
    } catch {
      throw new DocumentError(`invalid XML: ${problem}`, { cause: error });
    }
  }
}

/**
 * An RSS document read with no items, read again with its items after </channel> inside it (old
 * RSS 0.91 generators wrote them there), when it has such items and that reading finds them.
 */
async function withItemsAfterChannel(output: RssParserOutput, document: string, root: XmlRoot): Promise<RssParserOutput> {
  const moved = withItemsInChannel(document);
  if (moved === document) return output;
  try {
    const reread = await parseOnce(moved, root);
    return reread.items.length > 0 ? reread : output;
  } catch {
    return output;
  }
}

/** What recoverXml needs to know of the feed's elements, as the document names them. */
function feedShape(root: XmlRoot): FeedShape {
  const prefix = root.prefix === undefined ? '' : `${root.prefix}:`;
  const htmlText = [`${prefix}description`, 'content:encoded'];
  if (root.family === 'atom') return { item: `${prefix}entry`, parents: [`${prefix}feed`], htmlText: [] };
  if (root.family === 'rdf') return { item: `${prefix}item`, parents: ['rdf:RDF'], htmlText };
  return { item: `${prefix}item`, parents: [`${prefix}channel`], htmlText };
}

/**
 * Parses XML with rss-parser with no second chance: no repair, no lenient pass. For a document
 * reduced to the items not known yet (raw-items.ts): if it fails, the whole document is read by
 * runRssParser, so that repair and recovery only ever see the document as served.
 */
export async function runRssParserStrictly(served: string, root: XmlRoot, rootOffset: number): Promise<RssParserOutput> {
  const document = asRssParserReadsIt(expandInternalEntities(served, rootOffset), root, rootOffset);
  try {
    return await parseOnce(document, root);
  } catch (error) {
    throw unreadable(root, error);
  }
}

/**
 * The document in a shape rss-parser reads: a bare <channel> root (RSS 0.9x as some servers send
 * it) inside an <rss>; an Atom entry document inside a <feed>, as a feed of one; an <rss> without
 * a channel as a channel without items (rss-parser can't read it at all). sax refuses anything
 * before the XML declaration, even the whitespace some servers send, so that goes.
 */
function asRssParserReadsIt(text: string, root: XmlRoot, rootOffset: number): string {
  const start = /^\uFEFF?\s*/.exec(text)?.[0].length ?? 0;
  const prolog = text.slice(start, rootOffset);
  if (root.local === 'channel') return `${prolog}<rss>${text.slice(rootOffset)}</rss>`;
  if (root.local === 'entry') {
    const feed = root.prefix === undefined ? 'feed' : `${root.prefix}:feed`;
    return `${prolog}<${feed}>${text.slice(rootOffset)}</${feed}>`;
  }
  if (root.family === 'rss' && !/<(?:[\w.-]+:)?channel[\s>/]/.test(text)) return `${prolog}${withEmptyChannel(text.slice(rootOffset))}`;
  return text.slice(start);
}

/** `<rss …>…</rss>` with an empty <channel/> first inside; `<rss …/>` made `<rss …><channel/></rss>`. */
function withEmptyChannel(fromRoot: string): string {
  return fromRoot.replace(/^<([\w.:-]+)([^>]*?)(\/?)>/, (_, name: string, attributes: string, selfClosing: string) =>
    selfClosing ? `<${name}${attributes}><channel/></${name}>` : `<${name}${attributes}><channel/>`,
  );
}

async function parseOnce(text: string, root: XmlRoot): Promise<RssParserOutput> {
  const parser = new Parser({
    defaultRSS: 2,
    xml2js: { tagNameProcessors: tagNameProcessors(root) },
    customFields: {
      feed: FEED_FIELDS as unknown as string[],
      item: ITEM_FIELDS,
    },
  });
  const output: unknown = await parser.parseString(text);
  if (!isObject(output)) throw new DocumentError('rss-parser returned nothing');
  const items = Array.isArray(output['items']) ? output['items'].filter(isObject) : [];
  return { feed: output, items };
}

function tagNameProcessors(root: XmlRoot): Array<(name: string) => string> {
  const processors: Array<(name: string) => string> = [];
  const prefix = root.prefix === undefined ? undefined : `${root.prefix}:`;
  if (prefix) processors.push((name) => (name.startsWith(prefix) ? name.slice(prefix.length) : name));
  if (root.family === 'atom') processors.push((name) => (SHIELDED_ATOM_ELEMENTS.has(name) ? `atom:${name}` : name));
  const atomPrefix = root.atomPrefix === undefined ? undefined : `${root.atomPrefix}:`;
  if (atomPrefix) processors.push((name) => (name.startsWith(atomPrefix) ? `atom:${name.slice(atomPrefix.length)}` : name));
  return processors;
}

/** sax reports syntax errors as "<reason>\nLine: n\nColumn: n\nChar: c"; xml2js one of its own. */
function isSyntaxError(error: unknown): error is Error {
  return error instanceof Error && (/\nLine: \d+/.test(error.message) || error.message === 'Unable to parse XML.');
}

function describeSyntaxError(error: Error): string {
  const [reason = 'unknown error', ...rest] = error.message.split('\n');
  const line = /Line: (\d+)/.exec(rest.join('\n'))?.[1];
  const column = /Column: (\d+)/.exec(rest.join('\n'))?.[1];
  // sax counts lines from 0.
  return line === undefined ? reason : `${reason} at line ${Number(line) + 1}, column ${column ?? '?'}`;
}

function unreadable(root: XmlRoot, error: unknown): DocumentError {
  if (error instanceof DocumentError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DocumentError(`unreadable ${root.family.toUpperCase()} document: ${message}`, { cause: error });
}
