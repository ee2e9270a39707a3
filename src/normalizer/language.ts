const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/;

/**
 * The first usable language of the candidates (item, feed, HTTP Content-Language), as a
 * lower-case BCP 47-like tag: `en`, `en-us`, `pt-br`. `en_US` and `EN-us` are read as `en-us`; a
 * Content-Language list (`en, fr`) gives its first. An empty candidate is xml:lang="", which
 * says the language is unknown: it ends the search (XML 1.0 §2.12).
 */
export function normalizeLanguage(...candidates: Array<string | undefined>): string | undefined {
  for (const candidate of candidates) {
    if (candidate !== undefined && candidate.trim() === '') return undefined;
    const tag = candidate?.split(',')[0]?.split(';')[0]?.trim().toLowerCase().replace(/_/g, '-');
    if (tag && LANGUAGE_TAG.test(tag)) return tag;
  }
  return undefined;
}
