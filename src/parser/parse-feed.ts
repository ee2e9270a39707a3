import { ParseError } from '../errors/parse-error.js';
import { xmlReadyText } from '../model/xml-chars.js';
import { DocumentError } from '../errors/document-error.js';
import { readJsonFeed } from './json-feed.js';
import type { ParsedFeed, ParsedItem } from './parsed-feed.js';
import { cutIntoItems } from './raw-items.js';
import { readWithoutKnownItems } from './read-reduced.js';
import { replaceC1Controls } from './replace-c1-controls.js';
import { runRssParser } from './run-rss-parser.js';
import { familyOfRoot, rootTagAt, sniffDocument } from './sniff-document.js';
import { translateXml } from './translate-xml.js';
import { unreadItemsProblem } from './unread-items.js';

export interface ParseContext {
  sourceKey: string;
  url: string;
  /** The Content-Type the body was served with, if known: only used to explain a body that is no feed. */
  contentType?: string;
}

/**
 * Reads an RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.0/1.1 document, given as text or as UTF-8
 * bytes (a byte order mark allowed). The format comes from the document itself, not the
 * Content-Type, which servers often get wrong. Throws ParseError and nothing else, whatever the
 * input. An XML document that can be cut into its items is read with their raw hashes
 * (`rawItems`), and the items whose raw hash is in `knownRaw` are left out of the parse
 * (read-reduced.ts): the caller knows them already. Given bytes, only what is parsed is decoded.
 */
export async function parseFeed(document: string | Buffer, context: ParseContext, knownRaw?: ReadonlySet<string>): Promise<ParsedFeed> {
  try {
    return await readDocument(document, context.contentType, knownRaw);
  } catch (error) {
    const reason = error instanceof DocumentError ? error.message : `unreadable feed: ${describe(error)}`;
    throw new ParseError(context.sourceKey, context.url, reason, { cause: error });
  }
}

async function readDocument(document: string | Buffer, contentType: string | undefined, knownRaw: ReadonlySet<string> | undefined): Promise<ParsedFeed> {
  const utf8 = withoutBom(typeof document === 'string' ? Buffer.from(document) : document);
  const chunked = cutIntoItems(utf8);
  if (chunked && knownRaw && knownRaw.size > 0) {
    const reduced = await readWithoutKnownItems(chunked, knownRaw);
    if (reduced) return reduced;
  }
  const text = replaceC1Controls(typeof document === 'string' ? document : xmlReadyText(utf8.toString('utf8')));
  const sniffed = sniffDocument(text);
  if (!sniffed) {
    throw new DocumentError(contentType ? `not XML or JSON (served as ${contentType})` : 'not XML or JSON');
  }
  if (sniffed.kind === 'json') {
    const { recoveredFrom, ...feed } = readJsonFeed(text);
    return recoveredFrom === undefined ? feed : withSomethingRecovered(feed, recoveredFrom, 'JSON');
  }
  const rootTag = rootTagAt(text, sniffed.rootOffset);
  const root = familyOfRoot(sniffed.root, rootTag);
  if (!root) throw new DocumentError(`XML root <${sniffed.root}> is not a feed`);
  const output = await runRssParser(text, root, sniffed.rootOffset);
  const feed = translateXml(output, text, root, rootTag);
  if (output.recoveredFrom !== undefined) return withSomethingRecovered(feed, output.recoveredFrom, 'XML');
  // Raw hashes only for a document the strict parser read whole, where each item element is one item.
  const hashes = chunked?.hashes;
  if (hashes && !output.repaired && feed.items.length === hashes.length) return { ...feed, rawItems: { hashes, skipped: hashes.map(() => false) } };
  if (feed.items.length > 0) return feed;
  const unreadItems = unreadItemsProblem(text, root);
  return unreadItems === undefined ? feed : { ...feed, unreadItems };
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function withoutBom(utf8: Buffer): Buffer {
  return utf8.subarray(0, 3).equals(UTF8_BOM) ? utf8.subarray(3) : utf8;
}

/**
 * A feed the lenient pass read, marked with the parser's error, if it found an item with anything
 * in it; otherwise that reading is no reading, and the source stays failing with that error.
 */
function withSomethingRecovered(feed: ParsedFeed, problem: string, syntax: 'XML' | 'JSON'): ParsedFeed {
  if (!feed.items.some(hasContent)) throw new DocumentError(`invalid ${syntax}: ${problem}`);
  return { ...feed, recoveredFrom: `ill-formed ${syntax}: ${problem}` };
}

function hasContent(item: ParsedItem): boolean {
  return [item.guid, item.title, item.link, item.summary, item.content].some((value) => value !== undefined) || item.enclosures.length > 0;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
