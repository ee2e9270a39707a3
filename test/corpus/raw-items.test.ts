import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bodyForParser, decodeBody } from '../../src/fetcher/decode-body.js';
import type { KnownItems } from '../../src/normalizer/known-items.js';
import { normalizeFeed, type NormalizedFeed } from '../../src/normalizer/normalize-feed.js';
import { parseFeed } from '../../src/parser/parse-feed.js';
import type { ParsedFeed } from '../../src/parser/parsed-feed.js';
import { corpusRoot, hasCorpus, listCorpusDocuments } from './corpus-files.js';

/**
 * Measured on this corpus (1822 documents): 1481 are UTF-8 as received and handed to the parser as
 * bytes; 400 are cut into items and read without the ones known.
 * Most of the others hold fewer than three items (test documents of one or two) or are JSON; of
 * the XML feeds of three items or more, about 30 are parsed whole (a prefixed root, declared
 * entities, items the scan gives up on). A drop is a document the parser no longer cuts; a rise is
 * welcome (raise the floor).
 */
const CHUNKED_FLOOR = 400;
const NOW = new Date('2026-06-01T00:00:00.000Z');

describe.skipIf(!hasCorpus)('real-world corpus, read without the items known by their raw hash', () => {
  it.each([500, 5])('normalizes every document that can be cut into items as the whole document does, every other item known (at most %i items)', async (maxItems) => {
    let chunked = 0;
    const differences: string[] = [];
    for (const file of listCorpusDocuments()) {
      const relative = path.relative(corpusRoot, file);
      // As the pipeline hands it over: the bytes of a UTF-8 document, the decoded text of any other.
      const body = bodyForParser(readFileSync(file));
      const parseContext = { sourceKey: 'corpus', url: `https://corpus.example/${relative}` };
      const normalize = (feed: ParsedFeed, known?: KnownItems) =>
        normalizeFeed(feed, { source: { key: 'corpus', name: 'Corpus', tags: [] }, type: feed.type, feedUrl: parseContext.url, now: NOW }, { maxItems, descriptionLength: 300 }, known);
      const whole = await parseFeed(body, parseContext).catch(() => undefined);
      if (!whole?.rawItems) continue;
      chunked += 1;
      const known = knownOf(normalize(whole));
      const expected = normalize(whole, known);
      const actual = normalize(await parseFeed(body, parseContext, new Set(known.raw?.keys())), known);
      const same = JSON.stringify([actual.fingerprints, actual.items, actual.rejected, actual.feed]) === JSON.stringify([expected.fingerprints, expected.items, expected.rejected, expected.feed]);
      if (!same) differences.push(relative);
    }
    console.log(`raw items: ${chunked} corpus documents cut into items, ${differences.length} read otherwise without their known items`);
    expect(differences).toEqual([]);
    expect(chunked).toBeGreaterThanOrEqual(CHUNKED_FLOOR);
  });

  it('reads every document handed over as bytes as its decoded text reads', async () => {
    let asBytes = 0;
    const differences: string[] = [];
    for (const file of listCorpusDocuments()) {
      const bytes = readFileSync(file);
      const body = bodyForParser(bytes);
      if (typeof body === 'string') continue;
      asBytes += 1;
      const parseContext = { sourceKey: 'corpus', url: `https://corpus.example/${path.relative(corpusRoot, file)}` };
      const read = (document: string | Buffer) =>
        parseFeed(document, parseContext).then(
          ({ rawItems: _, ...feed }) => JSON.stringify(feed),
          (error: Error) => error.message,
        );
      if ((await read(body)) !== (await read(decodeBody(bytes).text))) differences.push(parseContext.url);
    }
    console.log(`raw items: ${asBytes} corpus documents handed over as bytes, ${differences.length} read otherwise than their text`);
    expect(differences).toEqual([]);
    expect(asBytes).toBeGreaterThanOrEqual(1400);
  });
});

/** Every other accepted item of a document known, as the record of it would give them. */
function knownOf(normalized: NormalizedFeed): KnownItems {
  const kept = normalized.fingerprints.filter((_, i) => i % 2 === 0);
  return {
    digest: normalized.digest,
    items: new Map(kept.map((f) => [f.fingerprint, f.externalId])),
    raw: new Map(kept.flatMap((f) => (f.raw === undefined ? [] : [[f.raw, f.fingerprint] as const]))),
  };
}
