/**
 * A store URI fit for logs and error messages: the password, if any, becomes `***`
 * (`redis://:secret@host:6379` → `redis://:***@host:6379`).
 */
export function redactUri(uri: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    // Not a URL the WHATWG parser accepts: still hide anything shaped like `//user:password@`.
    return uri.replace(/(\/\/[^/:@]*:)[^/@]*@/, '$1***@');
  }
  if (url.password === '') return uri;
  url.password = '***';
  return url.toString();
}
