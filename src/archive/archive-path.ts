import { createHash } from 'node:crypto';
import { fillLayout } from '../model/archive-layout.js';
import type { Item } from '../model/item.js';

/** Longest slug, in characters: cut at a word. */
const SLUG_LENGTH = 60;

/**
 * Where an item's file goes under the archive's folder, by the layout (model/archive-layout.ts): a
 * POSIX path. Taken once, when the file is first written; the archive's index keeps it after that.
 */
export function archivePathOf(item: Item, layout: string): string {
  const date = item.publishedAt;
  return fillLayout(layout, {
    yyyy: date.slice(0, 4),
    mm: date.slice(5, 7),
    dd: date.slice(8, 10),
    slug: slugOf(item.title),
    hash: itemHash(item.source.key, item.externalId),
    source: item.source.key,
  });
}

/**
 * The title in lower-case ASCII words joined by dashes, accents dropped, at most 60 characters cut
 * at a word: "CoreWeave’s AI bet: a $2B loss" → "coreweaves-ai-bet-a-2b-loss". `item` for a title
 * with no Latin letters or digits (the hash beside it keeps such names apart).
 */
export function slugOf(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  let slug = '';
  for (const word of words) {
    const longer = slug === '' ? word : `${slug}-${word}`;
    if (longer.length > SLUG_LENGTH) break;
    slug = longer;
  }
  if (slug === '' && words.length > 0) slug = words[0]!.slice(0, SLUG_LENGTH);
  return slug === '' ? 'item' : slug;
}

/** 8 hex digits of SHA-256 of `<source key>:<externalId>` (a source key holds no colon). */
export function itemHash(sourceKey: string, externalId: string): string {
  return createHash('sha256').update(`${sourceKey}:${externalId}`).digest('hex').slice(0, 8);
}

/** `a/b.md` → `a/b-2.md`: the name of the n-th item whose path was taken already. */
export function withSuffix(path: string, n: number): string {
  return `${path.slice(0, -'.md'.length)}-${n}.md`;
}
