import type { XmlRoot } from './sniff-document.js';

const ITEM_ELEMENT = { rss: 'item', rdf: 'item', atom: 'entry' } as const;
const WHERE_READ = {
  rss: 'inside <channel>',
  rdf: 'as children of <rdf:RDF>',
  atom: 'as children of <feed>',
} as const;
const FAMILY_NAME = { rss: 'RSS', rdf: 'RSS 1.0', atom: 'Atom' } as const;

/**
 * Why a feed document that was read without a single item may hold items all the same: item
 * elements where its format does not read them (an RSS <item> or an Atom <entry> wrapped in
 * another element), or the other format's item element (<entry> in RSS, <item> in Atom).
 * Without this, such a source polls "successfully" with 0 items and nothing tells the operator why.
 * Only called for a document with no items, so it never costs a feed that has them.
 */
export function unreadItemsProblem(text: string, root: XmlRoot): string | undefined {
  // Markup quoted in CDATA or comments is text, not elements.
  const markup = text.replace(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g, '');
  const own = ITEM_ELEMENT[root.family];
  const ownCount = countElements(markup, own, root.prefix);
  if (ownCount > 0) {
    return `${elements(ownCount, own)} found, but none ${WHERE_READ[root.family]}, where ${FAMILY_NAME[root.family]} reads items`;
  }
  const other = root.family === 'atom' ? 'item' : 'entry';
  const otherCount = countElements(markup, other, undefined);
  if (otherCount > 0) {
    const otherFormat = other === 'entry' ? 'Atom' : 'RSS';
    return `${elements(otherCount, other)} (${otherFormat}'s item) in ${FAMILY_NAME[root.family]}, which reads <${own}>`;
  }
  return undefined;
}

function countElements(markup: string, name: string, prefix: string | undefined): number {
  const qualified = prefix === undefined ? name : `${prefix}:${name}`;
  return markup.match(new RegExp(`<${qualified}[\\s/>]`, 'g'))?.length ?? 0;
}

function elements(count: number, name: string): string {
  return `${count} <${name}> element${count === 1 ? '' : 's'}`;
}
