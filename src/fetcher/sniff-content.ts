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

/** How an HTML page's first element opens: a doctype, or its root, head or body with its start tag's end. */
const HTML_START = /^(?:<!doctype\s+html|<(?:html|head|body)[\s>])/;
/** What may come before it: whitespace, an XML declaration (XHTML), comments. */
const PROLOG = /^(?:\s+|<\?xml[^>]*\?>|<!--[\s\S]*?-->)/;
const SNIFF_BYTES = 1024;

/**
 * Whether the body opens like an HTML page: after an optional UTF-8 BOM, whitespace, an XML
 * declaration and comments, `<!DOCTYPE html`, `<html`, `<head` or `<body` in any case. Only the
 * first bytes are looked at; a feed embedding HTML further in is fine.
 */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  let head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, SNIFF_BYTES)).toString('latin1', start).toLowerCase();
  for (let prolog = PROLOG.exec(head); prolog !== null; prolog = PROLOG.exec(head)) head = head.slice(prolog[0].length);
  return HTML_START.test(head);
}
