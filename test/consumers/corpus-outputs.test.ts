import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isParseError } from '../../src/errors/parse-error.js';
import { decodeBody } from '../../src/fetcher/decode-body.js';
import type { Item } from '../../src/model/item.js';
import { normalizeFeed } from '../../src/normalizer/normalize-feed.js';
import { parseFeed } from '../../src/parser/parse-feed.js';
import type { SourceInfo } from '../../src/publisher/feed-document.js';
import { renderFeeds } from '../../src/publisher/render-feeds.js';
import { corpusRoot, hasCorpus, listCorpusDocuments } from '../corpus/corpus-files.js';
import { JING, missingTools, mustFail, XMLLINT } from '../helpers/debian-tools.js';

const run = promisify(execFile);
const SCHEMA = path.resolve('test/fixtures/publisher/atom.rnc');
const NOW = new Date('2026-06-01T00:00:00.000Z');

/**
 * Measured on this corpus: 8,669 items in 11 outputs (one per corpus folder), none skipped: every
 * item the normalizer makes (test/corpus/corpus.test.ts has the same floor) reaches an output.
 */
const ITEMS_FLOOR = 8669;

if (!hasCorpus) console.warn(`corpus output validation skipped: no corpus at ${corpusRoot}`);
const missing = hasCorpus ? missingTools([XMLLINT, JING]) : [];

interface CorpusOutput {
  name: string;
  items: Item[];
  sources: Map<string, SourceInfo>;
}

/** Every corpus document through the real path (decode → parse → normalize), grouped by top folder. */
async function corpusOutputs(): Promise<CorpusOutput[]> {
  const byFolder = new Map<string, CorpusOutput>();
  for (const [index, file] of listCorpusDocuments().entries()) {
    const relative = path.relative(corpusRoot, file).split(path.sep).join('/');
    const folder = relative.split('/')[0]!;
    const feedUrl = `https://corpus.example/${relative}`;
    const key = `doc-${index}`;
    let normalized: ReturnType<typeof normalizeFeed>;
    try {
      const feed = await parseFeed(decodeBody(readFileSync(file)).text, { sourceKey: key, url: feedUrl });
      normalized = normalizeFeed(feed, { source: { key, name: relative, tags: [] }, type: feed.type, feedUrl, now: NOW }, { maxItems: 500, descriptionLength: 300 });
    } catch (error) {
      if (isParseError(error)) continue;
      throw error;
    }
    const output: CorpusOutput = byFolder.get(folder) ?? { name: folder, items: [], sources: new Map() };
    byFolder.set(folder, output);
    output.items.push(...normalized.items);
    output.sources.set(key, { key, name: relative, url: feedUrl, feedTitle: normalized.feed.title, feedLink: normalized.feed.link, feedId: normalized.feed.id });
  }
  return [...byFolder.values()];
}

describe.skipIf(!hasCorpus || (missing.length > 0 && !mustFail(missing)))('outputs made from the whole corpus', () => {
  it('are well-formed (xmllint), valid Atom per the RFC 4287 RELAX NG schema (jing), and JSON Feed 1.1', async () => {
    if (mustFail(missing)) throw new Error(missing.join('; '));
    const dir = await mkdtemp(path.join(tmpdir(), 'tributary-corpus-outputs-'));
    try {
      const outputs = await corpusOutputs();
      const atomFiles: string[] = [];
      const rssFiles: string[] = [];
      let rendered = 0;
      const skipped: string[] = [];
      for (const output of outputs) {
        const feeds = renderFeeds(output.items, {
          feed: { id: `urn:tributary:corpus:${output.name}`, title: `Corpus: ${output.name}`, generator: { name: 'Tributary', version: 'test' } },
          sources: output.sources,
        });
        rendered += feeds.items;
        skipped.push(...feeds.skipped.map((item) => `${output.name}: ${item.sourceKey} ${item.externalId}: ${item.reason}`));
        const base = path.join(dir, output.name);
        await writeFile(`${base}.atom`, feeds.atom);
        await writeFile(`${base}.rss`, feeds.rss);
        atomFiles.push(`${base}.atom`);
        rssFiles.push(`${base}.rss`);
        const json = JSON.parse(feeds.json) as { version: string; items: unknown[] };
        expect(json.version).toBe('https://jsonfeed.org/version/1.1');
        expect(json.items).toHaveLength(feeds.items);
      }
      console.log(`corpus outputs: ${outputs.length} outputs, ${rendered} items, ${skipped.length} skipped`);

      expect(skipped).toEqual([]);
      expect(rendered).toBeGreaterThanOrEqual(ITEMS_FLOOR);
      // Each tool exits 0 only when every file passes; its report names the file, line and problem.
      await expect(run('xmllint', ['--noout', '--nonet', ...atomFiles, ...rssFiles], { maxBuffer: 64 * 1024 * 1024 })).resolves.toBeDefined();
      await expect(run('jing', ['-c', SCHEMA, ...atomFiles], { maxBuffer: 64 * 1024 * 1024 })).resolves.toBeDefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('would be caught by jing if an Atom output broke the schema', async () => {
    if (mustFail(missing)) throw new Error(missing.join('; '));
    const dir = await mkdtemp(path.join(tmpdir(), 'tributary-jing-'));
    try {
      const file = path.join(dir, 'no-id.atom');
      await writeFile(file, '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><updated>2025-12-16T00:00:00Z</updated></feed>');
      const failure = await run('jing', ['-c', SCHEMA, file]).then(
        () => undefined,
        (error: { stdout: string }) => error,
      );
      expect(failure?.stdout).toMatch(/no-id\.atom:1:\d+: error: element "feed" incomplete; missing required element "id"/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
