import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decode } from 'html-entities';

export interface AtomEntry {
  id: string;
  title: string;
  link: string;
  updated: string;
  published?: string;
}

/**
 * What every XML reader does and fast-xml-parser does only when asked: decode character references
 * (`&#x26;`, `&#13;`) as well as the five named ones. The outputs write them: RSS plain text takes
 * hexadecimal references, and a carriage return or an attribute's tab is one.
 */
export const DECODE_REFERENCES = { htmlEntities: true } as const;

/** Fails with the validator's message (line, column) unless `xml` is well-formed. */
export function assertWellFormed(xml: string): void {
  const result = XMLValidator.validate(xml);
  if (result !== true) throw new Error(`not well-formed XML: ${result.err.msg} at line ${result.err.line}, column ${result.err.col}`);
}

/** The entries of an Atom document, read by an independent XML parser. */
export function atomEntries(xml: string): AtomEntry[] {
  assertWellFormed(xml);
  const parser = new XMLParser({ ...DECODE_REFERENCES, ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'entry' || name === 'link' });
  const document = parser.parse(xml) as { feed: { entry?: Array<Record<string, unknown>> } };
  return (document.feed.entry ?? []).map((entry) => ({
    id: String(entry.id),
    title: textOf(entry.title),
    link: String((entry.link as Array<Record<string, string>> | undefined)?.find((link) => !link['@rel'] || link['@rel'] === 'alternate')?.['@href']),
    updated: String(entry.updated),
    published: entry.published === undefined ? undefined : String(entry.published),
  }));
}

/** An Atom text construct as a reader shows it: type="html" is decoded, as RFC 4287 says. */
function textOf(node: unknown): string {
  if (typeof node === 'object' && node !== null && '#text' in node) {
    const text = String((node as { '#text': unknown })['#text']);
    return (node as { '@type'?: string })['@type'] === 'html' ? decode(text) : text;
  }
  return String(node);
}
