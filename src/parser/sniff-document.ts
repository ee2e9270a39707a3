/** What the first bytes of a body say it is: JSON, or XML with a given root element. */
export type SniffedDocument = { kind: 'json' } | { kind: 'xml'; root: string; rootOffset: number };

const PROLOG_PART = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>)/i;
const ROOT_NAME = /^<([A-Za-z_][\w.:-]*)/;

/** Looks past a BOM, whitespace, the XML declaration, comments and a DOCTYPE to the root element. */
export function sniffDocument(text: string): SniffedDocument | undefined {
  let offset = text.startsWith('\uFEFF') ? 1 : 0;
  while (/\s/.test(text.charAt(offset))) offset += 1;
  if (text.charAt(offset) === '{') return { kind: 'json' };
  for (let match = PROLOG_PART.exec(text.slice(offset, offset + 65_536)); match; ) {
    offset += match[0].length;
    match = PROLOG_PART.exec(text.slice(offset, offset + 65_536));
  }
  const root = ROOT_NAME.exec(text.slice(offset, offset + 256))?.[1];
  return root === undefined ? undefined : { kind: 'xml', root, rootOffset: offset };
}

export type XmlFamily = 'rss' | 'rdf' | 'atom';

export interface XmlRoot {
  family: XmlFamily;
  /**
   * Local name of the root: `rss`, `channel` (an RSS channel without its <rss>), `RDF`, `feed`, or
   * `entry` (an Atom entry document, RFC 4287 §4.1.2: read as a feed of one).
   */
  local: string;
  /** Prefix of the feed's own elements (`<a:feed>`, `<rss:item>`), stripped from every element name. */
  prefix?: string;
  /**
   * In RSS, the prefix the root binds to Atom 1.0 when it is not `atom` (.NET writes `a10:link`):
   * its elements are read as `atom:` ones.
   */
  atomPrefix?: string;
}

/** A feed's root element, and where its start tag is. */
export interface FeedRoot {
  root: XmlRoot;
  rootOffset: number;
  /** The root's start tag, as written. */
  rootTag: string;
}

/** The feed root of an XML document (sniffDocument, familyOfRoot); undefined for JSON, for text that is not XML, and for a root no feed has. */
export function feedRootOf(text: string): FeedRoot | undefined {
  const sniffed = sniffDocument(text);
  if (sniffed?.kind !== 'xml') return undefined;
  const rootTag = rootTagAt(text, sniffed.rootOffset);
  const root = familyOfRoot(sniffed.root, rootTag);
  return root && { root, rootOffset: sniffed.rootOffset, rootTag };
}

/** The start tag that begins at `offset`. */
export function rootTagAt(text: string, offset: number): string {
  return text.slice(offset, text.indexOf('>', offset) + 1);
}

const ATOM_1_0 = 'http://www.w3.org/2005/Atom';

const FAMILY_NAMESPACES: Record<XmlFamily, string[]> = {
  rss: [],
  rdf: ['http://purl.org/rss/1.0/'],
  atom: [ATOM_1_0, 'http://purl.org/atom/ns#'],
};

/**
 * The feed family of an XML root element, or undefined when the root is not a feed's.
 * `rootTag` is the root's start tag, searched for a prefix bound to the family's namespace
 * (`<rdf:RDF xmlns:rss="http://purl.org/rss/1.0/">` writes every RSS element as `rss:item`).
 */
export function familyOfRoot(root: string, rootTag = ''): XmlRoot | undefined {
  const colon = root.indexOf(':');
  const rootPrefix = colon === -1 ? undefined : root.slice(0, colon);
  const local = colon === -1 ? root : root.slice(colon + 1);
  const family: XmlFamily | undefined =
    root === 'rdf:RDF' ? 'rdf' : local === 'rss' || local === 'channel' ? 'rss' : local === 'feed' || (local === 'entry' && declaresAtom(rootTag, rootPrefix)) ? 'atom' : undefined;
  if (!family) return undefined;
  const prefix = family === 'rdf' ? boundPrefix(rootTag, FAMILY_NAMESPACES.rdf) : rootPrefix;
  const atomPrefix = family === 'atom' ? undefined : boundPrefix(rootTag, [ATOM_1_0]);
  return {
    family,
    local,
    ...(prefix !== undefined && { prefix }),
    ...(atomPrefix !== undefined && atomPrefix !== 'atom' && { atomPrefix }),
  };
}

/** Whether a start tag binds its own prefix (or the default namespace) to Atom: `<entry>` alone is too common a name to trust. */
function declaresAtom(tag: string, prefix: string | undefined): boolean {
  const attribute = prefix === undefined ? 'xmlns' : `xmlns:${prefix}`;
  const match = new RegExp(`\\s${attribute}\\s*=\\s*["']([^"']*)["']`).exec(tag);
  return match !== null && FAMILY_NAMESPACES.atom.includes(match[1] ?? '');
}

function boundPrefix(tag: string, namespaces: string[]): string | undefined {
  for (const match of tag.matchAll(/xmlns:([\w.-]+)\s*=\s*["']([^"']*)["']/g)) {
    if (match[1] && namespaces.includes(match[2] ?? '')) return match[1];
  }
  return undefined;
}

/** xml:lang and xml:base of the root element, from its start tag: RSS readers never see them otherwise. */
export function readRootAttributes(rootTag: string): { lang?: string; base?: string } {
  const value = (name: string) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(rootTag);
  const lang = value('xml:lang');
  const base = value('xml:base');
  return {
    ...(lang && { lang: lang[1] ?? lang[2] ?? '' }),
    ...(base && { base: decodeXmlEntities(base[1] ?? base[2] ?? '') }),
  };
}

function decodeXmlEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name] ?? _);
}
