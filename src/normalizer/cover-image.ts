import { decode } from 'html-entities';
import type { CoverImage } from '../model/item.js';
import type { ParsedItem, ParsedMedia } from '../parser/parsed-feed.js';
import { resolveUrl } from './urls.js';

const IMAGE_PATH = /\.(?:jpe?g|png|gif|webp|avif)$/i;

/**
 * The item's image, first of: media:content that is an image (the widest when several sizes are
 * offered; one that names neither type nor medium is one when its URL's path ends in an image
 * extension), media:thumbnail, an image enclosure, JSON Feed image then banner_image, the first
 * <img> of the content or summary. Resolved to an absolute URL against `base` (`contentBase` for an
 * image of the content, when the content has its own xml:base).
 */
export function pickCoverImage(
  item: Pick<ParsedItem, 'images' | 'enclosures' | 'content' | 'summary' | 'contentIsHtml'>,
  base: string | undefined,
  contentBase: string | undefined = base,
): CoverImage | undefined {
  const fromMedia = (origin: ParsedMedia['origin']) => item.images.filter((media) => (media.origin ?? 'media:content') === origin);
  const mediaContent = fromMedia('media:content')
    .filter((media) => isImage(media) || isUntypedImage(media, base))
    .flatMap((media) => toCover(media, base));
  const widest = mediaContent.reduce<CoverImage | undefined>((best, image) => (best === undefined || (image.width ?? 0) > (best.width ?? 0) ? image : best), undefined);
  return (
    widest ??
    first(fromMedia('media:thumbnail'), base) ??
    first(item.enclosures.filter(isImage), base) ??
    first(fromMedia('json:image'), base) ??
    first(fromMedia('json:banner_image'), base) ??
    firstImageTag(item.contentIsHtml === false ? undefined : item.content, contentBase) ??
    firstImageTag(item.summary, base)
  );
}

function isImage(media: ParsedMedia): boolean {
  return media.medium === 'image' || (media.type?.trim().toLowerCase().startsWith('image/') ?? false);
}

/** A media:content that says neither type nor medium (The Guardian's give only url and width), named like an image file. */
function isUntypedImage(media: ParsedMedia, base: string | undefined): boolean {
  if (media.type?.trim() || media.medium?.trim()) return false;
  const url = resolveUrl(media.url, base);
  return url !== undefined && IMAGE_PATH.test(new URL(url).pathname);
}

function first(candidates: ParsedMedia[], base: string | undefined): CoverImage | undefined {
  for (const media of candidates) {
    const [cover] = toCover(media, base);
    if (cover) return cover;
  }
  return undefined;
}

function toCover(media: ParsedMedia, base: string | undefined): CoverImage[] {
  const url = resolveUrl(media.url, base);
  if (!url) return [];
  const cover: CoverImage = { url };
  if (media.type?.trim()) cover.type = media.type.trim();
  if (isPositiveInteger(media.width)) cover.width = media.width;
  if (isPositiveInteger(media.height)) cover.height = media.height;
  return [cover];
}

/** The first <img src> of some HTML that is not a tracking pixel (1×1 or 0×0). */
function firstImageTag(html: string | undefined, base: string | undefined): CoverImage | undefined {
  if (!html) return undefined;
  for (const [tag] of html.matchAll(/<img\b[^>]*>/gi)) {
    const width = attribute(tag, 'width');
    const height = attribute(tag, 'height');
    if (width !== undefined && Number(width) <= 1 && height !== undefined && Number(height) <= 1) continue;
    const url = resolveUrl(decode(attribute(tag, 'src') ?? ''), base);
    if (url) return { url };
  }
  return undefined;
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

function isPositiveInteger(value: number | undefined): value is number {
  return value !== undefined && Number.isInteger(value) && value > 0;
}
