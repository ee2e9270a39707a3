import { createHash } from 'node:crypto';
import type { ParsedItem, ParsedMedia } from '../parser/parsed-feed.js';
import { canonicalUrl } from './urls.js';

const MAX_ID_LENGTH = 512;

/**
 * The item's id within its source: stable across polls, never random, never from the clock.
 * `link` is the item's link already resolved to an absolute URL. `sharedLinks` holds the links that
 * another item of the same document shares, fragment aside (see sharedLinksOf). Undefined when the
 * item has nothing to be told apart by, and nothing to show either (the caller rejects it).
 */
export function deriveExternalId(
  item: Pick<ParsedItem, 'guid' | 'title' | 'published' | 'updated' | 'summary' | 'content'> & { enclosures?: readonly ParsedMedia[] },
  link: string | undefined,
  sharedLinks: ReadonlySet<string> = new Set(),
): string | undefined {
  // 1. The publisher's own id (RSS guid, Atom id, JSON Feed id), as written: it is what the
  //    publisher promises to keep. A very long one is hashed so that it stays a sane store key.
  const guid = item.guid?.trim();
  if (guid) return guid.length <= MAX_ID_LENGTH ? guid : `h:${sha256(guid)}`;
  // 2. No id: the link, canonical, so that a fragment or the host's case doesn't make a new item;
  //    but posts linked as anchors of one page (`archive.html#post1`, `#post2`) keep the fragment
  //    that tells them apart.
  if (link) {
    const canonical = canonicalUrl(link);
    return sharedLinks.has(canonical) && new URL(link).hash !== '' ? link : canonical;
  }
  // 3. No link either: title and date as written, hashed. The raw date, not a parsed or defaulted
  //    one, so an item without a date gets the same id on every poll.
  const title = item.title?.trim() ?? '';
  const date = (item.published ?? item.updated)?.trim() ?? '';
  if (title !== '' || date !== '') return `h:${sha256(`${title}\n${date}`)}`;
  // 4. Neither (RSS 2.0 asks only for a title or a description): what the item carries, hashed. An
  //    edited body then makes a new item, which is the best an item without any id allows.
  const body = [item.summary, item.content, ...(item.enclosures ?? []).map((enclosure) => enclosure.url)].map((part) => part?.trim() ?? '').join('\n');
  if (body.trim() !== '') return `h:${sha256(`body\n${body}`)}`;
  // 5. Nothing at all: no id can be stable.
  return undefined;
}

/**
 * The canonical links (no fragment) that two or more of a document's items share, from each item's
 * id as deriveExternalId gives it without shared links, or as the store knows it. Ids are compared,
 * not links, since an item left out of the parse as known is known by its id alone: the same
 * document then gives the same ids whichever of its items were parsed.
 */
export function sharedLinksOf(ids: ReadonlyArray<string | undefined>): Set<string> {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const id of ids) {
    const link = id === undefined ? undefined : linkOfId(id);
    if (link === undefined) continue;
    if (seen.has(link)) shared.add(link);
    seen.add(link);
  }
  return shared;
}

/** The canonical form of an id that is an http(s) URL (a link, or a guid written as one). */
function linkOfId(id: string): string | undefined {
  if (!/^https?:\/\//i.test(id) || !URL.canParse(id)) return undefined;
  return canonicalUrl(id);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
