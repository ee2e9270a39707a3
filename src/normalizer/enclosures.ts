import type { Enclosure } from '../model/item.js';
import type { ParsedMedia } from '../parser/parsed-feed.js';
import { resolveUrl } from './urls.js';

/** Enclosures with absolute http(s) URLs, each URL once; ones that don't resolve are dropped. */
export function resolveEnclosures(enclosures: readonly ParsedMedia[], base: string | undefined): Enclosure[] {
  const resolved: Enclosure[] = [];
  for (const enclosure of enclosures) {
    const url = resolveUrl(enclosure.url, base);
    if (!url || resolved.some((known) => known.url === url)) continue;
    const result: Enclosure = { url };
    if (enclosure.type?.trim()) result.type = enclosure.type.trim();
    if (enclosure.length !== undefined && Number.isSafeInteger(enclosure.length) && enclosure.length >= 0) {
      result.length = enclosure.length;
    }
    resolved.push(result);
  }
  return resolved;
}
