import type { Item } from '../model/item.js';
import { entryId } from './entry-id.js';
import { element, type XmlElement } from './xml-writer.js';

/** What an output says about itself, the same in all three formats. */
export interface FeedHeader {
  /** Permanent id (URL or URN). */
  id: string;
  title: string;
  description?: string;
  /** Home page, for rel="alternate". */
  link?: string;
  /** Public URLs of the three files, for self links; absent when the output has no selfUrl. */
  urls?: { atom: string; rss: string; json: string };
  /** WebSub hubs advertised with rel="hub" (only with `urls`: a hub needs a topic URL). */
  hubs?: readonly string[];
  generator: { name: string; version: string; uri?: string };
}

/** What is known about an item's source: from the config (name, url) and from its own document. */
export interface SourceInfo {
  key: string;
  name: string;
  /** The feed's URL as configured. */
  url?: string;
  /** The source document's own title, home page and id, as its last commit said. */
  feedTitle?: string;
  feedLink?: string;
  feedId?: string;
}

/** An item the renderers could not use, and why; logged by the publisher. */
export interface SkippedItem {
  sourceKey: string;
  externalId: string;
  reason: string;
}

/** An item's event or story as outputs show it: its id, and its counts while the registry holds it. */
export interface StoryCount {
  id: string;
  items?: number;
  sources?: number;
}

/** What outputs show of an item's event and story; `related`: the links of the other members of its event, when it spans sources. */
export interface ItemStory {
  event: StoryCount;
  story: StoryCount;
  related: string[];
}

/** Passed to each entry renderer: the sources, and facts about the whole output. */
export interface RenderContext {
  sources: ReadonlyMap<string, SourceInfo>;
  /** By entry id (idOf): each item's event and story, for the items the story pass has assigned. */
  stories?: ReadonlyMap<string, ItemStory>;
  /** Per source key, the newest updatedAt among its items in this output (atom:source's updated). */
  sourceUpdated: ReadonlyMap<string, string>;
}

export const EPOCH = '1970-01-01T00:00:00.000Z';

export function idOf(item: Item): string {
  return entryId(item.source.key, item.externalId);
}

/** The item's author, else its source's name (what Atom requires and readers show). */
export function authorOf(item: Item): string {
  const author = item.author?.trim();
  return author ? author : item.source.name;
}

/** The category then the tags, without repeats or blanks. */
/**
 * The scheme (Atom) and domain (RSS) of the category that carries an item's sentiment label, so a
 * reader can tell it from the item's own categories.
 */
export const SENTIMENT_SCHEME = 'https://tributary.dev/ns/sentiment';

export function categoriesOf(item: Item): string[] {
  const seen = new Set<string>();
  for (const name of [item.category, ...item.tags]) {
    const trimmed = name?.trim();
    if (trimmed) seen.add(trimmed);
  }
  return [...seen];
}

/** The newest of these ISO dates, as written, or EPOCH for none. */
export function newestDate(dates: Iterable<string>): string {
  let newest = EPOCH;
  for (const date of dates) if (Date.parse(date) > Date.parse(newest)) newest = date;
  return newest;
}

export function newestPerSource(items: readonly Item[]): Map<string, string> {
  const newest = new Map<string, string>();
  for (const item of items) newest.set(item.source.key, newestDate([newest.get(item.source.key) ?? EPOCH, item.updatedAt]));
  return newest;
}

/**
 * The value, trimmed, when it is an absolute http(s) URL (what may go into an href or a JSON Feed
 * url), with what RFC 3986 does not allow there percent-encoded: feeds send `[`, `]`, `^`, `|`,
 * spaces and lone `%` in paths, which URL parsers accept and validators and strict readers refuse.
 * Otherwise written as it came (no other normalization: links are compared and shown as sent).
 */
export function httpUrl(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? rfc3986(trimmed, url) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * After the authority, every character outside RFC 3986's unreserved and reserved sets (and a `%`
 * that starts no escape), percent-encoded as UTF-8. An authority written with other than ASCII (an
 * internationalized domain) is written as parsed, its host in IDNA form: feeds take URIs, not IRIs.
 */
function rfc3986(url: string, parsed: URL): string {
  const written = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url)?.[0] ?? '';
  const authority = /[^\x00-\x7f]/u.test(written) ? `${parsed.protocol}//${userinfoOf(parsed)}${parsed.host}` : written;
  return authority + url.slice(written.length).replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]/gu, percentEncode);
}

function userinfoOf(url: URL): string {
  if (url.username === '' && url.password === '') return '';
  return `${url.username}${url.password === '' ? '' : `:${url.password}`}@`;
}

function percentEncode(char: string): string {
  return [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/** The item's enclosures whose URL can be written (httpUrl), with it so written. RSS takes the first. */
export function enclosuresOf(item: Item): Item['enclosures'] {
  return item.enclosures.flatMap((enclosure) => {
    const url = httpUrl(enclosure.url);
    return url ? [{ ...enclosure, url }] : [];
  });
}

/** media:thumbnail for the item's cover image, when its URL can be written. */
export function thumbnailOf(item: Item): XmlElement | undefined {
  const url = httpUrl(item.coverImage?.url);
  return url ? element('media:thumbnail', { url, width: item.coverImage?.width, height: item.coverImage?.height }) : undefined;
}

/** An ISO date as RFC 822 wants it (RSS): `Tue, 16 Dec 2025 15:34:37 GMT`. Throws on an invalid date. */
export function rfc822Date(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${JSON.stringify(iso)}`);
  return new Date(ms).toUTCString();
}

/**
 * An absolute IRI (scheme and colon first), fit for atom:id; undefined for relative or blank ids,
 * and for a `tag:` URI that is not one (RFC 4151 wants `tag:<authority>,<date>:<specific>`).
 */
export function absoluteIri(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(trimmed)) return undefined;
  return /^tag:/i.test(trimmed) && !/^tag:[^,:]+,\d{4}(-\d{2}(-\d{2})?)?:/i.test(trimmed) ? undefined : trimmed;
}

/**
 * An http(s) id in the form RFC 3986 §6.2.3 makes canonical, as Atom's id comparison expects: a
 * bare host gets its `/` (`https://example.com` → `https://example.com/`). Other ids as they are.
 */
export function canonicalId(id: string | undefined): string | undefined {
  if (!id || !/^https?:\/\/[^/?#]+$/i.test(id)) return id;
  return `${id}/`;
}

/** A MIME type with a slash, as Atom's atomMediaType and JSON Feed's mime_type want. */
export function mediaType(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed && /^[^\s/]+\/[^\s/]+$/.test(trimmed) ? trimmed : undefined;
}

/**
 * A language tag, as xml:lang, Atom's atomLanguageTag and JSON Feed's language want: BCP 47 syntax
 * whose primary subtag is a language ICU knows by name. Feeds put charset names (`euc-kr`) and
 * other words in <language>; those are no language, and the item goes without one.
 */
export function languageTag(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed || !/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(trimmed)) return undefined;
  const primary = trimmed.split('-')[0]!.toLowerCase();
  return primary.length >= 2 && primary.length <= 3 && LANGUAGE_NAMES.of(primary) !== undefined ? trimmed : undefined;
}

// With fallback 'none', ICU answers undefined for a code it has no name for: its list of ISO 639 languages.
const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
