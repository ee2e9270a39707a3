/** The media type of a Content-Type header, lower-cased and without parameters. */
export function mediaType(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  return type || undefined;
}

/** image/*, audio/* and video/* can never be a feed, whatever the body holds. */
export function isMediaType(contentType: string | undefined): boolean {
  const type = mediaType(contentType);
  return type !== undefined && /^(image|audio|video)\//.test(type);
}

const HTML_STARTS = ['<!doctype html', '<html'];
const SNIFF_BYTES = 512;

/**
 * Whether the body opens like an HTML page: after an optional UTF-8 BOM and whitespace, `<!DOCTYPE html`
 * or `<html` in any case. Only the first bytes are looked at; a feed embedding HTML further in is fine.
 */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, SNIFF_BYTES)).toString('latin1', start).trimStart().toLowerCase();
  return HTML_STARTS.some((prefix) => head.startsWith(prefix));
}
