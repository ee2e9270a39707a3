import { z } from 'zod';
import { DocumentError } from '../errors/document-error.js';
import { withoutUndefined } from './media.js';
import type { ParsedFeed, ParsedItem, ParsedMedia } from './parsed-feed.js';
import { recoverJson } from './recover-json.js';

/**
 * JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). Loose on purpose: unknown fields are
 * ignored, and a field of the wrong type is dropped rather than failing its item or the feed.
 */

const text = z.string().optional().catch(undefined);
const count = z.number().int().nonnegative().optional().catch(undefined);

const AuthorSchema = z.object({ name: text }).catch({});
const AuthorsSchema = z.array(AuthorSchema).optional().catch(undefined);

const AttachmentSchema = z.object({ url: z.string(), mime_type: text, size_in_bytes: count }).optional().catch(undefined);

const ItemSchema = z.object({
  // The spec says string; numbers are common in the wild.
  id: z
    .union([z.string(), z.number().transform(String)])
    .optional()
    .catch(undefined),
  url: text,
  external_url: text,
  title: text,
  content_html: text,
  content_text: text,
  summary: text,
  image: text,
  banner_image: text,
  date_published: text,
  date_modified: text,
  author: AuthorSchema.optional(),
  authors: AuthorsSchema,
  tags: z
    .array(z.unknown())
    .optional()
    .catch(undefined)
    .transform((tags) => tags?.filter((tag): tag is string => typeof tag === 'string')),
  language: text,
  attachments: z.array(AttachmentSchema).optional().catch(undefined),
});
type JsonItem = z.infer<typeof ItemSchema>;

const FeedSchema = z.object({
  version: z.string().optional(),
  title: text,
  home_page_url: text,
  feed_url: text,
  description: text,
  language: text,
  author: AuthorSchema.optional(),
  authors: AuthorsSchema,
  items: z.array(z.unknown()),
});

export function readJsonFeed(body: string): ParsedFeed {
  const { json, recoveredFrom } = parseJson(body);
  const feed = FeedSchema.safeParse(json);
  // A truncated document may have lost its version with its end (some writers put it last): one
  // that names its own URL or home page the JSON Feed way is taken as one.
  const version = feed.data?.version;
  const namesItself = feed.data?.feed_url !== undefined || feed.data?.home_page_url !== undefined;
  const isJsonFeed = version === undefined ? recoveredFrom !== undefined && namesItself : /jsonfeed\.org\/version\//i.test(version);
  if (!feed.success || !isJsonFeed) {
    throw new DocumentError('JSON is not a JSON Feed (no jsonfeed.org version and items)');
  }
  const feedAuthor = authorName(feed.data.authors, feed.data.author);
  return withoutUndefined({
    type: 'JSON' as const,
    title: feed.data.title,
    // JSON Feed titles and summaries are plain text ("HTML is not allowed").
    titleIsHtml: feed.data.title === undefined ? undefined : false,
    link: feed.data.home_page_url,
    id: feed.data.feed_url,
    description: feed.data.description,
    lang: feed.data.language,
    recoveredFrom,
    items: feed.data.items.map((entry) => {
      const item = ItemSchema.safeParse(entry);
      // Not an object: kept as an empty item so the normalizer reports it at its index.
      return item.success ? readItem(item.data, feedAuthor) : { categories: [], enclosures: [], images: [] };
    }),
  });
}

/**
 * JSON.parse, then the repairs of recover-json.ts: raw control characters escaped (nothing lost, so
 * not reported), then a truncated document cut back to its last whole item, which is reported as
 * `recoveredFrom` like ill-formed XML. The error reported is always the first.
 */
function parseJson(body: string): { json: unknown; recoveredFrom?: string } {
  try {
    return { json: JSON.parse(body) };
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    const repaired = recoverJson(body);
    for (const [text, recovered] of [
      [repaired?.text, false],
      [repaired?.truncated, true],
    ] as const) {
      if (text === undefined || text === body) continue;
      try {
        return recovered ? { json: JSON.parse(text), recoveredFrom: problem } : { json: JSON.parse(text) };
      } catch {
        // On to the next repair.
      }
    }
    throw new DocumentError(`invalid JSON: ${problem}`, { cause: error });
  }
}

function readItem(item: JsonItem, feedAuthor: string | undefined): ParsedItem {
  // A blank content_html (some writers always set both) must not hide the content_text.
  const html = nonBlank(item.content_html);
  const plain = html === undefined ? nonBlank(item.content_text) : undefined;
  return withoutUndefined({
    guid: item.id?.trim() || undefined,
    title: item.title,
    titleIsHtml: item.title === undefined ? undefined : false,
    link: item.url ?? item.external_url,
    summary: item.summary,
    summaryIsHtml: item.summary === undefined ? undefined : false,
    content: html ?? plain,
    contentIsHtml: html !== undefined ? true : plain !== undefined ? false : undefined,
    // Items without authors have the feed's (JSON Feed 1.1, "authors").
    author: authorName(item.authors, item.author) ?? feedAuthor,
    published: item.date_published,
    updated: item.date_modified,
    lang: item.language,
    categories: [...new Set((item.tags ?? []).map((tag) => tag.trim()).filter((tag) => tag !== ''))],
    enclosures: (item.attachments ?? []).flatMap((attachment): ParsedMedia[] =>
      attachment ? [withoutUndefined({ url: attachment.url, type: attachment.mime_type, length: attachment.size_in_bytes })] : [],
    ),
    images: [...(item.image ? [{ url: item.image, origin: 'json:image' as const }] : []), ...(item.banner_image ? [{ url: item.banner_image, origin: 'json:banner_image' as const }] : [])],
  });
}

function nonBlank(text: string | undefined): string | undefined {
  return text?.trim() ? text : undefined;
}

/** JSON Feed 1.1 `authors`, else 1.0 `author`: the names, joined. */
function authorName(authors: Array<{ name?: string | undefined }> | undefined, author: { name?: string | undefined } | undefined): string | undefined {
  const names = (authors ?? (author ? [author] : [])).map((entry) => entry.name?.trim()).filter((name): name is string => Boolean(name));
  return names.length > 0 ? [...new Set(names)].join(', ') : undefined;
}
