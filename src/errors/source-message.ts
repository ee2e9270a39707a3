/**
 * The message of an error about one source's URL, `key: reason (url)`: the one place it is composed.
 * FetchError and ParseError keep the bare reason beside it, so nothing needs to cut it back out.
 */
export function sourceMessage(sourceKey: string, reason: string, url: string): string {
  return `${sourceKey}: ${reason} (${url})`;
}
