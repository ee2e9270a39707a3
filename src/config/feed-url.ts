import type { SourceConfig } from './schema.js';

/**
 * The form two URLs are compared in: parsed and re-serialized (scheme and host lower-cased, default
 * port dropped, `/` for an empty path), without fragment. Undefined for anything that is not a URL.
 */
export function urlIdentity(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return undefined;
  }
}

/** The first configured source whose URL is one of `urls` (say, a feed's URL before and after redirects). */
export function findSourceByUrl(sources: readonly SourceConfig[], urls: ReadonlyArray<string | undefined>): SourceConfig | undefined {
  const wanted = new Set<string>();
  for (const url of urls) {
    const id = url === undefined ? undefined : urlIdentity(url);
    if (id !== undefined) wanted.add(id);
  }
  return sources.find((source) => wanted.has(urlIdentity(source.url) ?? source.url));
}
