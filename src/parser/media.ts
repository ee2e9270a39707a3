import type { ParsedMedia } from './parsed-feed.js';
import { attributesOf, childOf, integerOf, listOf, textOf } from './xml-values.js';

/**
 * Media RSS (media:content, media:thumbnail, media:group), RSS enclosures and Atom enclosure links,
 * shared by the RSS and Atom translations (YouTube's Atom feeds carry Media RSS too).
 */

/** Image candidates of an item: its media:content and media:thumbnail, then those inside media:group. */
export function readMediaImages(item: Record<string, unknown>): ParsedMedia[] {
  const images: ParsedMedia[] = [];
  const groups = listOf(item['media:group']);
  for (const content of listOf(item['media:content'])) pushMedia(images, readMediaContent(content));
  for (const group of groups) {
    for (const content of listOf(childOf(group, 'media:content'))) pushMedia(images, readMediaContent(content));
  }
  for (const thumbnail of listOf(item['media:thumbnail'])) pushMedia(images, readThumbnail(thumbnail));
  for (const group of groups) {
    for (const thumbnail of listOf(childOf(group, 'media:thumbnail'))) pushMedia(images, readThumbnail(thumbnail));
  }
  // A thumbnail nested in a media:content describes that content (a video's still): still a candidate.
  for (const content of listOf(item['media:content'])) {
    for (const thumbnail of listOf(childOf(content, 'media:thumbnail'))) pushMedia(images, readThumbnail(thumbnail));
  }
  return images;
}

/** media:description of the item or of its first media:group (YouTube's only summary). */
export function readMediaDescription(item: Record<string, unknown>): string | undefined {
  return textOf(item['media:description']) ?? textOf(childOf(item['media:group'], 'media:description'));
}

/**
 * media:title of the item, else of its first media:group, else of its first media:content that has
 * one: a title for an item that has no other. Media RSS titles are plain text unless type="html".
 */
export function readMediaTitle(item: Record<string, unknown>): { text: string; isHtml: boolean } | undefined {
  const candidates = [
    item['media:title'],
    ...listOf(item['media:group']).map((group) => childOf(group, 'media:title')),
    ...listOf(item['media:content']).map((content) => childOf(content, 'media:title')),
  ];
  for (const candidate of candidates) {
    const text = textOf(candidate);
    if (text !== undefined) return { text, isHtml: attributesOf(candidate)['type']?.trim().toLowerCase() === 'html' };
  }
  return undefined;
}

/** RSS <enclosure url length type> elements (all of them, though RSS allows one). */
export function readEnclosures(value: unknown): ParsedMedia[] {
  const enclosures: ParsedMedia[] = [];
  for (const enclosure of listOf(value)) {
    const attributes = attributesOf(enclosure);
    const url = attributes['url']?.trim() || textOf(enclosure)?.trim();
    if (!url) continue;
    enclosures.push(withoutUndefined({ url, type: attributes['type']?.trim() || undefined, length: integerOf(attributes['length']) }));
  }
  return enclosures;
}

/** Atom <link rel="enclosure" href length type> elements (an RSS item's atom:link too); one without an href is none. */
export function readLinkEnclosures(links: unknown): ParsedMedia[] {
  return listOf(links).flatMap((link) => {
    const attributes = attributesOf(link);
    const url = attributes['href']?.trim();
    if (attributes['rel']?.trim() !== 'enclosure' || !url) return [];
    return [withoutUndefined({ url, type: attributes['type']?.trim() || undefined, length: integerOf(attributes['length']) })];
  });
}

function readMediaContent(value: unknown): ParsedMedia | undefined {
  const attributes = attributesOf(value);
  const url = attributes['url']?.trim();
  if (!url) return undefined;
  return withoutUndefined({
    url,
    type: attributes['type']?.trim() || undefined,
    medium: attributes['medium']?.trim().toLowerCase() || undefined,
    length: integerOf(attributes['fileSize']),
    width: positive(integerOf(attributes['width'])),
    height: positive(integerOf(attributes['height'])),
    origin: 'media:content' as const,
  });
}

function readThumbnail(value: unknown): ParsedMedia | undefined {
  const attributes = attributesOf(value);
  const url = attributes['url']?.trim() || textOf(value)?.trim();
  if (!url) return undefined;
  return withoutUndefined({
    url,
    width: positive(integerOf(attributes['width'])),
    height: positive(integerOf(attributes['height'])),
    origin: 'media:thumbnail' as const,
  });
}

function pushMedia(list: ParsedMedia[], media: ParsedMedia | undefined): void {
  if (media && !list.some((known) => known.url === media.url && known.origin === media.origin)) list.push(media);
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}

/** Drops keys whose value is undefined, so results compare and serialize cleanly. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
