/** The host part of a URL, as the politeness limits count it (the URL itself when it does not parse). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}
