import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/fetcher/decode-body.js';
import { normalizeFeed } from '../../src/normalizer/normalize-feed.js';
import { parseFeed } from '../../src/parser/parse-feed.js';
import type { StoryInput } from '../../src/stories/index.js';
import { corpusRoot, hasCorpus, listCorpusDocuments } from '../corpus/corpus-files.js';
import { clusterAll } from './evaluate.js';
import { readSeedItems } from './labelled-set.js';

const NOW = new Date('2026-12-01T00:00:00.000Z');
const DAY = 86_400_000;
/** The distractors are dated over the seeds' span and a few days either side. */
const FROM = Date.parse('2025-10-25T00:00:00.000Z');
const SPAN_DAYS = 100;

/** Every item of the corpus's feeds (feedparser's unit cases aside) that declares English, once, dated by a hash of its key into the seeds' months. */
async function englishDistractors(): Promise<StoryInput[]> {
  const items = new Map<string, StoryInput>();
  for (const file of listCorpusDocuments()) {
    const relative = path.relative(corpusRoot, file).split(path.sep).join('/');
    if (relative.startsWith('feedparser-dev/')) continue;
    let bytes = readFileSync(file);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    const feedUrl = `https://corpus.invalid/${relative}`;
    try {
      const feed = await parseFeed(decodeBody(bytes).text, { sourceKey: relative, url: feedUrl });
      for (const item of normalizeFeed(feed, { source: { key: relative, name: relative, tags: [] }, type: feed.type, feedUrl, now: NOW }, { maxItems: 10_000 }).items) {
        if (!item.lang?.startsWith('en') || item.title + item.description === '') continue;
        const key = `${relative}\n${item.externalId}`;
        const share = Number.parseInt(createHash('sha256').update(key).digest('hex').slice(0, 8), 16) / 2 ** 32;
        items.set(key, { ...item, publishedAt: new Date(FROM + Math.floor(share * SPAN_DAYS * DAY)).toISOString() });
      }
    } catch {
      // Documents that do not parse are no distractors.
    }
  }
  return [...items.values()];
}

/*
 * The seeds' story against every English item of the shared corpus (thousands of unrelated items,
 * AI and crypto news among them), all dated inside the seeds' months: none may join it.
 */
describe.runIf(hasCorpus)('the seeds among the corpus', () => {
  it('keep their one story to themselves against every English item of the corpus', { timeout: 120_000 }, async () => {
    const distractors = await englishDistractors();
    const seeds = readSeedItems();
    const assignments = clusterAll([...distractors, ...seeds]);
    const seedStories = new Set(assignments.slice(distractors.length).map((a) => a.storyId));
    const joined = distractors.filter((_, i) => seedStories.has(assignments[i]!.storyId));
    expect(distractors.length).toBeGreaterThan(2000);
    expect(seedStories.size).toBe(1);
    expect(joined.map((item) => item.title)).toEqual([]);
  });
});
