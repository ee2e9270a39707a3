/** Hosts whose players are embedded when iframes are allowed and no list is given: video players only. */
export const DEFAULT_IFRAME_HOSTS: readonly string[] = ['youtube.com', 'youtube-nocookie.com', 'player.vimeo.com'];

/** How items are shaped, beyond what the feed says: lengths and the content policy. */
export interface ItemOptions {
  /** Length of the plain-text description, in characters, ellipsis included. @default 300 */
  descriptionLength?: number;
  /** Keep <iframe> elements whose src is on one of `iframeHosts`; every other iframe is dropped. @default false */
  allowIframes?: boolean;
  /**
   * Hosts iframes may point at when `allowIframes` is on; a host also admits its subdomains
   * (`youtube.com` admits `www.youtube.com`). @default DEFAULT_IFRAME_HOSTS
   */
  iframeHosts?: readonly string[];
  /**
   * Most bytes (UTF-8) of sanitized HTML an item's content keeps: longer HTML is cut at a tag
   * boundary before sanitizing, so one huge body can't cost seconds and hundreds of MB. @default 262144 (256 KiB)
   */
  maxContentBytes?: number;
}

export const DEFAULT_DESCRIPTION_LENGTH = 300;
export const DEFAULT_MAX_CONTENT_BYTES = 256 * 1024;

/** The iframe hosts in force: none unless iframes are allowed. */
export function iframeHostsOf(options: ItemOptions): readonly string[] {
  return options.allowIframes === true ? (options.iframeHosts ?? DEFAULT_IFRAME_HOSTS) : [];
}
