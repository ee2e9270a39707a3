import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Parser } from 'htmlparser2';
import { decodeBody } from '../../src/fetcher/decode-body.js';
import { parseFeed } from '../../src/parser/parse-feed.js';
import type { ParsedFeed } from '../../src/parser/parsed-feed.js';
import { replaceC1Controls } from '../../src/parser/replace-c1-controls.js';
import { corpusRoot, listCorpusDocuments } from '../corpus/corpus-files.js';

export interface CorpusText {
  /** The document, relative to the corpus root, with `/` separators. */
  file: string;
  text: string;
}

/**
 * Every text string of every corpus document, once per document: the strings the project's parser
 * gives (feed and item titles, descriptions, summaries, content HTML, authors, categories, media
 * titles), and, for every document, parsed or not, each text node and attribute value of its markup
 * (or each string value of a JSON document), so text the parser does not read is checked too.
 * Documents are decoded as the fetcher decodes a body (a gzip body unpacked, as its Content-Encoding
 * would have it; then BOM, UTF-8, the declared encoding);
 * C1 controls are mapped as the parser maps them, since that is the text the normalizer gets.
 */
export async function corpusTexts(): Promise<CorpusText[]> {
  const texts: CorpusText[] = [];
  for (const absolute of listCorpusDocuments()) {
    const file = path.relative(corpusRoot, absolute).split(path.sep).join('/');
    const { text } = decodeBody(bodyOf(readFileSync(absolute)));
    const seen = new Set<string>();
    const add = (value: string | undefined): void => {
      if (value === undefined || value.length === 0 || seen.has(value)) return;
      seen.add(value);
      texts.push({ file, text: value });
    };
    try {
      const feed = await parseFeed(text, { sourceKey: 'corpus', url: `https://corpus.example/${file}` });
      for (const value of parsedStrings(feed)) add(value);
    } catch {
      // Not a feed the parser reads: its markup's text is still checked below.
    }
    for (const value of rawStrings(replaceC1Controls(text))) add(value);
  }
  return texts;
}

/** A gzip body (the corpus keeps a few as served) unpacked; any other body as it is. */
function bodyOf(bytes: Buffer): Buffer {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch {
    return bytes;
  }
}

function parsedStrings(feed: ParsedFeed): Array<string | undefined> {
  const values: Array<string | undefined> = [feed.title, feed.description];
  for (const item of feed.items) {
    values.push(item.title, item.summary, item.content, item.author, ...item.categories);
  }
  return values;
}

/** Text nodes and attribute values of XML (entities decoded), or string values of JSON. */
function rawStrings(text: string): string[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return jsonStrings(JSON.parse(trimmed) as unknown);
    } catch {
      // Not JSON after all: read it as markup.
    }
  }
  const values: string[] = [];
  let pending = '';
  const flush = (): void => {
    if (pending.trim().length > 0) values.push(pending);
    pending = '';
  };
  const parser = new Parser(
    {
      ontext: (value) => {
        pending += value;
      },
      onopentag: (_name, attributes) => {
        flush();
        for (const value of Object.values(attributes)) if (value.trim().length > 0) values.push(value);
      },
      onclosetag: flush,
      oncomment: flush,
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(text);
  parser.end();
  flush();
  return values;
}

function jsonStrings(value: unknown): string[] {
  if (typeof value === 'string') return value.trim().length > 0 ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(jsonStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(jsonStrings);
  return [];
}
