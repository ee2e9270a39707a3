/**
 * The host of a URL, lower-cased: with its port (`example.com:8080`) as the politeness limits count
 * hosts, or the bare name (`example.com`) for messages and keys. Undefined when the URL does not parse
 * or has no host.
 */
export function hostOf(url: string, options: { withPort?: boolean } = {}): string | undefined {
  try {
    const parsed = new URL(url);
    return (options.withPort ? parsed.host : parsed.hostname).toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}
