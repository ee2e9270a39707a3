import { toPlainText } from './text.js';

/**
 * An author as a reader should see it: plain text, and RSS 2.0's `email (Name)` and the common
 * `Name <email>` reduced to the name. A bare URL is nobody's name (some feeds put their home page
 * in dc:author): it gives no author.
 */
export function cleanAuthor(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const text = toPlainText(raw);
  const name = /^\S+@\S+\s*\((.+)\)$/.exec(text)?.[1] ?? /^(.+?)\s*<\S+@\S+>$/.exec(text)?.[1] ?? text;
  const trimmed = name.trim();
  return trimmed === '' || /^https?:\/\/\S+$/i.test(trimmed) ? undefined : trimmed;
}
