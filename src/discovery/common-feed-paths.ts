/**
 * Where sites that announce nothing usually keep their feed: WordPress (`/feed`, `/?feed=rss2`),
 * Blogger (`/feeds/posts/default`), Hugo (`/index.xml`), Jekyll (`/feed.xml`), and the plain names.
 */
export const COMMON_FEED_PATHS: readonly string[] = ['/feed', '/rss', '/rss.xml', '/atom.xml', '/feed.xml', '/index.xml', '/feeds/posts/default', '/?feed=rss2'];

/** The common feed paths on the site of `pageUrl` (its scheme, host and port). */
export function commonFeedUrls(pageUrl: string): string[] {
  const { origin } = new URL(pageUrl);
  return COMMON_FEED_PATHS.map((path) => new URL(path, origin).href);
}
