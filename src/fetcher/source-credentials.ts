/** What a source sends to prove who it is, kept apart from its URL so neither reaches a log. */
export interface SourceCredentials {
  /** The URL to request: the configured one without its user name and password. */
  url: string;
  /** The source's configured headers, lower-cased, plus HTTP Basic from the URL's userinfo. */
  headers: Readonly<Record<string, string>>;
  /** The origin they may be sent to; a redirect elsewhere goes without them. */
  origin: string;
}

/**
 * Splits `https://user:pass@host/feed` into the bare URL and an `Authorization: Basic` header
 * (undici refuses userinfo in a URL, and a URL ends up in logs). A configured Authorization header
 * wins over the userinfo. The userinfo is taken out of `parsed` itself, so the caller can request it.
 */
export function sourceCredentials(parsed: URL, configured: Readonly<Record<string, string>> = {}): SourceCredentials {
  const headers: Record<string, string> = {};
  if (parsed.username !== '' || parsed.password !== '') {
    const pair = `${decodeUserinfo(parsed.username)}:${decodeUserinfo(parsed.password)}`;
    headers.authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
    parsed.username = '';
    parsed.password = '';
  }
  for (const [name, value] of Object.entries(configured)) headers[name.toLowerCase()] = value;
  return { url: parsed.href, headers, origin: parsed.origin };
}

/**
 * A user name or password as the URL holds it, its percent-escapes decoded. A `%` that starts no valid
 * escape (`50%off`: the URL parser keeps it as written) stays as it is, and so does a run of escapes
 * that is not UTF-8, where decodeURIComponent would throw.
 */
function decodeUserinfo(value: string): string {
  return value.replace(/(?:%[0-9a-f]{2})+/gi, (escapes) => {
    try {
      return decodeURIComponent(escapes);
    } catch {
      return escapes;
    }
  });
}

/** The credential headers for one hop, by its origin: the same origin gets them, any other none (as browsers do for Authorization). */
export function credentialsFor(hopOrigin: string, credentials: SourceCredentials): Readonly<Record<string, string>> {
  return hopOrigin === credentials.origin ? credentials.headers : {};
}
