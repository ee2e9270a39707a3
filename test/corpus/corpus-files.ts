import { existsSync, openSync, readSync, closeSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared real-world corpus, beside the project (never copied into it); see its MANIFEST.md. */
export const corpusRoot = path.resolve(projectRoot, '../shared/corpus');

export const hasCorpus = existsSync(corpusRoot);

const FEED_EXTENSIONS = new Set(['.xml', '.rss', '.atom', '.rdf', '.json']);

/**
 * Every document of the corpus that is meant as a feed: .xml .rss .atom .rdf .json, and files
 * without an extension that start like XML or JSON. Reference outputs of other parsers
 * (expectations.json, *.serde.json, rss-parser/test/output/*.json) are not feeds and are left out.
 */
export function listCorpusDocuments(root = corpusRoot): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const relative = path.relative(root, file).split(path.sep).join('/');
    if (isReferenceOutput(relative)) continue;
    const extension = path.extname(entry.name).toLowerCase();
    if (FEED_EXTENSIONS.has(extension) || (extension === '' && startsLikeADocument(file))) files.push(file);
  }
  return files.sort();
}

function isReferenceOutput(relative: string): boolean {
  return relative.endsWith('/expectations.json') || relative === 'expectations.json' || relative.endsWith('.serde.json') || /(^|\/)rss-parser\/test\/output\/[^/]+\.json$/.test(relative);
}

function startsLikeADocument(file: string): boolean {
  const buffer = Buffer.alloc(512);
  const fd = openSync(file, 'r');
  try {
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    const head = buffer
      .subarray(0, length)
      .toString('latin1')
      .replace(/^(\xEF\xBB\xBF|\s)+/, '');
    return head.startsWith('<') || head.startsWith('{');
  } finally {
    closeSync(fd);
  }
}
