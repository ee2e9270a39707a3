import { readFile } from 'node:fs/promises';
import { OpmlError } from '../errors/opml-error.js';
import { decodeBody } from '../fetcher/decode-body.js';
import { readOpml, type OpmlDocument } from '../opml/read-opml.js';

/**
 * Reads an OPML file in the encoding it was saved in, by the rules feeds are decoded with: a byte
 * order mark (UTF-16 exports), else UTF-8 when the bytes are valid UTF-8, else the encoding of the
 * XML declaration (`ISO-8859-1` …), else windows-1252. Throws OpmlError when the file cannot be read
 * or is not OPML.
 */
export async function readOpmlFile(file: string): Promise<OpmlDocument> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new OpmlError(file, code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? String(cause)})`);
  }
  return readOpml(file, decodeBody(bytes).text);
}
