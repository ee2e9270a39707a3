import { fromAtom } from './from-atom.js';
import { fromRss } from './from-rss.js';
import type { ParsedFeed } from './parsed-feed.js';
import type { RssParserOutput } from './run-rss-parser.js';
import { readRootAttributes, type XmlRoot } from './sniff-document.js';

/** rss-parser's reading of `text` translated to the parsed shape, by the document's family. */
export function translateXml(output: RssParserOutput, text: string, root: XmlRoot, rootTag: string): ParsedFeed {
  if (root.family === 'atom') return fromAtom(output, text, root.prefix);
  return fromRss(output, root.family === 'rdf' ? 'RDF' : 'RSS', readRootAttributes(rootTag), { text, prefix: root.prefix });
}
