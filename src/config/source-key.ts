import { hostOf } from '../model/host-of.js';

/** Longest key proposed from a title; operators type keys, and they are part of every item id. */
const MAX_KEY_LENGTH = 40;

/**
 * A source key proposed from a title: lower case, accents dropped, every run of other characters
 * one dash, cut at a dash near MAX_KEY_LENGTH. "Hugging Face — Blog" → `hugging-face-blog`.
 * Undefined when nothing of the title survives (a title in another script, or none).
 */
export function slugifyKey(title: string): string | undefined {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug === '') return undefined;
  if (slug.length <= MAX_KEY_LENGTH) return slug;
  const cut = slug.slice(0, MAX_KEY_LENGTH + 1);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash > MAX_KEY_LENGTH / 2 ? cut.slice(0, lastDash) : cut.slice(0, MAX_KEY_LENGTH)).replace(/-+$/, '');
}

/** A key from the title, else from the URL's host (`www.` dropped), else `feed`; never one in `taken`. */
export function proposeKey(title: string | undefined, url: string, taken: ReadonlySet<string>): string {
  const base = (title === undefined ? undefined : slugifyKey(title)) ?? slugifyKey((hostOf(url) ?? '').replace(/^www\./, '')) ?? 'feed';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
