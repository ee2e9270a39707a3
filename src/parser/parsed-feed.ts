import type { SourceType } from '../model/item.js';

/**
 * A feed as its document said it, before any normalizing: strings are as found (HTML may remain,
 * dates unparsed). One shape for RSS 0.9x/1.0/2.0, Atom and JSON Feed; normalizer/ turns it into Items.
 */
export interface ParsedFeed {
  type: SourceType;
  title?: string;
  /** Whether `title` is HTML (the default, as RSS titles are in practice) or plain text (Atom type="text", JSON Feed). */
  titleIsHtml?: boolean;
  link?: string;
  id?: string;
  description?: string;
  lang?: string;
  /** Raw date string of the feed (lastBuildDate, updated, …). */
  updated?: string;
  /** xml:base or the feed's own URL context, if the document states one. */
  base?: string;
  /** How often the feed says it may be polled, in minutes: RSS <ttl>, or sy:updatePeriod / sy:updateFrequency. */
  refreshMinutes?: number;
  items: ParsedItem[];
  /** For a document read with no items: why it may hold some all the same (see unread-items.ts). */
  unreadItems?: string;
  /**
   * Set when the document is ill-formed XML (or a truncated JSON Feed) that only the lenient pass
   * could read (recover-xml.ts, recover-json.ts): what the strict parser found, such as
   * `ill-formed XML: Unclosed root tag at line 221, column 1972`.
   */
  recoveredFrom?: string;
  /**
   * The item elements of an XML document as written, when it could be cut into them (item-chunks.ts)
   * and was read by the strict parser: what lets the next poll leave out the items it knows. With
   * it, `items` holds the items not skipped, in document order.
   */
  rawItems?: RawItems;
}

/** Every item element of a document by its raw hash (raw-items.ts), parsed or skipped. Plain data. */
export interface RawItems {
  /** Each item's raw hash, in document order: one per item of the document, skipped or not. */
  hashes: string[];
  /** `skipped[i]`: item i was known by its raw hash and not parsed; `items` holds the others. */
  skipped: boolean[];
}

export interface ParsedItem {
  /** RSS guid / Atom id / JSON Feed id, as found. */
  guid?: string;
  title?: string;
  /** Whether `title` is HTML (the default, as RSS titles are in practice) or plain text (Atom type="text", JSON Feed). */
  titleIsHtml?: boolean;
  link?: string;
  /** Summary as found: RSS description, Atom summary, JSON summary. May hold HTML. */
  summary?: string;
  /** Whether `summary` is HTML (the default) or plain text (Atom type="text", JSON Feed). */
  summaryIsHtml?: boolean;
  /** Full body as found: content:encoded, Atom content, JSON content_html (or content_text). */
  content?: string;
  /** Whether `content` is HTML (true) or plain text (false). */
  contentIsHtml?: boolean;
  author?: string;
  /** Raw date strings as found. */
  published?: string;
  updated?: string;
  lang?: string;
  /** xml:base in force for this item, if any. */
  base?: string;
  /** xml:base of the content element itself, when it states one (Atom): relative to `base`. */
  contentBase?: string;
  categories: string[];
  enclosures: ParsedMedia[];
  /** media:content, media:thumbnail, JSON image/banner_image: candidates for the cover image. */
  images: ParsedMedia[];
}

export interface ParsedMedia {
  url: string;
  type?: string;
  length?: number;
  width?: number;
  height?: number;
  /** media:content's medium attribute (image, video, …), if given. */
  medium?: string;
  /** Which element gave this candidate, so a cover image can prefer media:content over a thumbnail. */
  origin?: 'media:content' | 'media:thumbnail' | 'json:image' | 'json:banner_image';
}
