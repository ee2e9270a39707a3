import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listCorpusDocuments } from './corpus-files.js';

describe('listCorpusDocuments', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('lists feed documents and leaves out reference outputs and other files', () => {
    root = mkdtempSync(path.join(tmpdir(), 'corpus-'));
    const files: Record<string, string> = {
      'a/feed.xml': '<rss/>',
      'a/feed.rss': '<rss/>',
      'a/b/feed.atom': '<feed/>',
      'a/feed.rdf': '<rdf:RDF/>',
      'a/feed.json': '{}',
      'a/no-extension': '\uFEFF  <?xml version="1.0"?><rss/>',
      'a/no-extension-text': 'just text',
      'a/expectations.json': '{}',
      'a/case.serde.json': '{}',
      'rss-parser/test/output/guardian.json': '{}',
      'a/subs.opml': '<opml/>',
      'MANIFEST.md': '# manifest',
    };
    for (const [name, body] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), body);
    }
    const listed = listCorpusDocuments(root).map((file) =>
      path
        .relative(root ?? '', file)
        .split(path.sep)
        .join('/'),
    );
    expect(listed).toEqual(['a/b/feed.atom', 'a/feed.json', 'a/feed.rdf', 'a/feed.rss', 'a/feed.xml', 'a/no-extension']);
  });
});
