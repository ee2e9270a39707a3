/**
 * A word of a query parameter's name that makes its value a credential (`?api_key=…`,
 * `?access_token=…`, `?sig=…`, `?X-Amz-Signature=…`, `?apiKey=…`, `?clientsecret=…`). Whole words
 * only: `author`, `keyword` or `passage` name no credential, and a URL shown with their values
 * hidden (an exported OPML list, a feed's source link) no longer works.
 */
const SECRET_WORD = /^(?:\w*(?:token|key|secret|passw(?:or)?d|signature|credentials?)|pass|passphrase|pwd|auth|sig|session|sessionid|jwt)$/;

/** Words of a parameter's name, split at anything but letters and digits and where a capital follows a small letter. */
function isSecretParam(name: string): boolean {
  return name.split(/[^a-zA-Z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).some((word) => SECRET_WORD.test(word.toLowerCase()));
}

/*
 * A refresh redacts its source's URL about six times (state, request, result, logs), and a poll
 * does so for every source: remembered per URL string, oldest forgotten first, long ones never.
 */
const MEMO_ENTRIES = 1024;
const MEMO_MAX_LENGTH = 2048;
const memo = new Map<string, string>();

/**
 * A URI fit for logs, error messages and pages: the password becomes `***`
 * (`redis://:secret@host:6379` → `redis://:***@host:6379`), a user name standing alone is a token
 * and becomes `***` too (`https://ghp_x@host/` → `https://***@host/`), and so do the values of
 * query parameters named like credentials.
 */
export function redactUri(uri: string): string {
  // Both what is redacted (userinfo, query values) and the fallback's patterns need an `@` or a `?`.
  if (!uri.includes('@') && !uri.includes('?')) return uri;
  const known = memo.get(uri);
  if (known !== undefined) return known;
  const redacted = redactFresh(uri);
  if (uri.length <= MEMO_MAX_LENGTH) {
    if (memo.size >= MEMO_ENTRIES) memo.delete(memo.keys().next().value as string);
    memo.set(uri, redacted);
  }
  return redacted;
}

function redactFresh(uri: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    // Not a URL the WHATWG parser accepts: still hide anything shaped like `//user:password@` or `//token@`.
    return uri.replace(/(\/\/[^/:@]*:)[^/@]*@/, '$1***@').replace(/\/\/[^/:@]+@/, '//***@');
  }
  let changed = false;
  if (url.password !== '') {
    url.password = '***';
    changed = true;
  } else if (url.username !== '') {
    url.username = '***';
    changed = true;
  }
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    const nested = values.map(redactNested);
    if (isSecretParam(name)) url.searchParams.set(name, '***');
    else if (nested.length === 1 && nested[0] !== undefined) url.searchParams.set(name, nested[0]);
    else if (nested.some((value) => value !== undefined)) {
      url.searchParams.delete(name);
      for (const [i, value] of values.entries()) url.searchParams.append(name, nested[i] ?? value);
    } else continue;
    changed = true;
  }
  return changed ? url.toString() : uri;
}

const NESTED_BASE = 'http://nested.invalid';

/**
 * A parameter's value that is itself a URL or a path with a query (a login page's
 * `?next=/feed?token=…`), its credentials redacted; undefined when it holds none.
 */
function redactNested(value: string): string | undefined {
  if (!value.includes('?') && !value.includes('@')) return undefined;
  let inner: URL;
  try {
    inner = new URL(value, NESTED_BASE);
  } catch {
    return undefined;
  }
  const redacted = redactFresh(inner.href);
  if (redacted === inner.href) return undefined;
  if (inner.origin !== NESTED_BASE || value.startsWith(NESTED_BASE)) return redacted;
  const url = new URL(redacted);
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The URI without its user name and password, for what readers see (outputs) and for requests. */
export function withoutCredentials(uri: string): string {
  try {
    const url = new URL(uri);
    if (url.username === '' && url.password === '') return uri;
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return uri;
  }
}

/** What readers of the outputs may see of a source's URL: no userinfo at all, secret-named query values `***`. */
export function publicUri(uri: string): string {
  return redactUri(withoutCredentials(uri));
}
