import type { SourceType } from '../model/item.js';
import type { ParsedFeed } from '../parser/parsed-feed.js';
import { parseDate } from './dates.js';
import { normalizeLanguage } from './language.js';
import type { NormalizeContext } from './normalize-context.js';
import { cleanTitle } from './text.js';
import { resolveBase, resolveUrl } from './urls.js';
import { stripForbiddenXmlChars } from '../model/xml-chars.js';

/** The feed itself, as its items' origin: what an `atom:source` or an operator wants to see of it. */
export interface FeedInfo {
  type: SourceType;
  /** Plain text, like item titles. */
  title?: string;
  /** The feed's home page, absolute. */
  link?: string;
  /** Atom id, JSON Feed feed_url: as written, never resolved (an id is a name, not a link). */
  id?: string;
  /** The feed's language, else HTTP Content-Language, as a lower-case tag. */
  lang?: string;
  /** ISO 8601 in UTC; a date in the future is clamped to now. */
  updatedAt?: string;
}

/** The feed-level fields of a parsed feed, cleaned as item fields are. Pure; never throws. */
export function describeFeed(feed: ParsedFeed, context: Pick<NormalizeContext, 'feedUrl' | 'feedLang' | 'now'>): FeedInfo {
  const info: FeedInfo = { type: feed.type };
  const title = feed.title === undefined ? '' : cleanTitle(feed.title, feed.titleIsHtml !== false);
  if (title !== '') info.title = title;
  const link = resolveUrl(feed.link, resolveBase(context.feedUrl, feed.base));
  if (link) info.link = link;
  const id = feed.id === undefined ? '' : stripForbiddenXmlChars(feed.id).trim();
  if (id !== '') info.id = id;
  const lang = normalizeLanguage(feed.lang, context.feedLang);
  if (lang) info.lang = lang;
  const updated = parseDate(feed.updated, context.now);
  if (updated) info.updatedAt = new Date(Math.min(updated.getTime(), context.now.getTime())).toISOString();
  return info;
}
