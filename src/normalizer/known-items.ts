import { createHash } from 'node:crypto';
import type { ParsedFeed, ParsedItem } from '../parser/parsed-feed.js';
import type { NormalizeContext } from './normalize-context.js';

/**
 * The items of a source's last document that went into the store, by fingerprint: what a parsed
 * item was, in what document and under which settings. A parsed item whose fingerprint is here
 * would normalize to the item the store already holds, so it is not normalized again (see
 * normalizeFeed). The digest covers everything but the item that normalizing reads: the three
 * feed-level fields an item falls back on (xml:base, language, home page; not the document's date
 * or title, which change as it gains items), the source's settings and the item options; known
 * items under another digest count for nothing. Those recorded by another version of Tributary
 * never get here (see pipeline/known-items-record.ts).
 */
export interface KnownItems {
  digest: string;
  /** Fingerprint → the item's externalId, kept to tell a repeated id within one document. */
  items: ReadonlyMap<string, string>;
  /**
   * Raw hash (parser/raw-items.ts) → fingerprint, for the items of `items` whose element the last
   * document held as written: those the parser may leave out of the next document's parse.
   */
  raw?: ReadonlyMap<string, string>;
}

/** One accepted item of a document: normalized now, or known from before. */
export interface Fingerprinted {
  fingerprint: string;
  externalId: string;
  /** Known from the last document: not normalized, not committed. */
  known: boolean;
  /** The raw hash of its item element, when the document had them (ParsedFeed.rawItems). */
  raw?: string;
}

/** What normalizeItem reads of the feed (its signature says so). */
type ItemFallbacks = Pick<ParsedFeed, 'base' | 'lang' | 'link'>;

/** The digest of a document's settings: see KnownItems. The clock is left out: only items without a date read it, and the store keeps their first date. */
export function documentDigest(feed: ItemFallbacks, context: NormalizeContext, options: object): string {
  const { now: _now, ...settings } = context;
  return hash(JSON.stringify([feed.base, feed.lang, feed.link, settings, options]));
}

/** A parsed item's fingerprint within a document of this digest. */
export function fingerprintOf(digest: string, item: ParsedItem): string {
  return hash(`${digest}\n${JSON.stringify(item)}`);
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}
