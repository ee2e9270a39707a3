import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { archiveSettingsOf } from '../../src/archive/archive-settings.js';
import { Archiver } from '../../src/archive/archiver.js';
import { parseConfig } from '../../src/config/load-config.js';
import { initialFetchState } from '../../src/model/fetch-state.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { archiveFiles } from '../helpers/archive-files.js';
import { makeItem } from '../helpers/make-item.js';
import { SEEDS } from '../helpers/seeds.js';

/*
 * A site's content collection over the archive, as Astro defines one: a glob() loader over
 * `**\/*.md` and a zod schema of the front matter, written here the way a site would write it for
 * the seed documents. Astro reads front matter with js-yaml 4 and ids files by their path.
 */
const url = z.string().url();
const ArticleSchema = z.object({
  title: z.string(),
  description: z.string(),
  publishedAt: z.coerce.date(),
  updatedAt: z.coerce.date(),
  lang: z.string().optional(),
  externalId: z.string(),
  source: z.object({ name: z.string(), key: z.string(), type: z.enum(['RSS', 'ATOM', 'RDF', 'JSON']) }),
  category: z.string().optional(),
  tags: z.array(z.string()).default([]),
  stickyWeight: z.number().default(0),
  sentiment: z.enum(['POSITIVE', 'NEUTRAL', 'NEGATIVE']).optional(),
  score: z.number().default(0),
  draft: z.boolean().default(false),
  coverImage: z.object({ raw: url, full: url.optional(), regular: url.optional(), small: url.optional(), thumb: url.optional(), small_s3: url.optional() }).optional(),
  ai: z.object({ rewritten: z.boolean(), expandedAt: z.coerce.date().optional(), version: z.number().optional() }).optional(),
  link: url.optional(),
  author: z.string().optional(),
  topics: z.array(z.string()).optional(),
  sentimentScore: z.number().min(-1).max(1).optional(),
});

/** What Astro's glob() loader makes of a Markdown file: its front matter (js-yaml 4) and its body. */
function loadEntry(text: string): { data: unknown; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) throw new Error('no front matter');
  return { data: jsYaml.load(match[1]!), body: text.slice(match[0].length) };
}

/** Astro's default id of a glob() entry: its path without the extension, slugged. */
function entryId(path: string): string {
  return path.replace(/\.md$/, '').toLowerCase();
}

const HOSTILE_TITLES = ['Bitcoin: "ON" or NO? #1', '- a dash: and a colon:', '2025-12-16', '55880200', 'yes', 'null', '~', "'", ' spaced ', 'Bitcoin 🚀 to the 🌕', 'שלום עולם', 'x'.repeat(3000)];

describe('the archive as a content collection', () => {
  let root: string;
  let dir: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'tributary-collection-'));
    dir = join(root, 'src', 'content', 'news');
    const store = await openItemStore(`sqlite://${join(root, 'store.db')}`, { retentionDays: 30, seenRetentionDays: 365 });
    const items = HOSTILE_TITLES.map((title, i) =>
      makeItem({
        externalId: i % 2 === 0 ? String(55_880_200 + i) : `urn:uuid:${i}`,
        title,
        description: `${title} — in short.`,
        content: i % 3 === 0 ? undefined : `<p>${title.replace(/</g, '&lt;')}</p>`,
        lang: i % 4 === 0 ? undefined : 'en',
        tags: ['BTC', `tag ${i}`],
        sentiment: i % 2 === 0 ? { label: 'POSITIVE', score: 0.25, from: 'text' } : undefined,
        coverImage: i % 3 === 1 ? { url: `https://img.example/${i}.png` } : undefined,
        author: i % 5 === 0 ? 'Jane: the "editor"' : undefined,
      }),
    );
    await store.commit('news', items, initialFetchState('news', 'https://news.example/feed.xml'), new Date());
    const config = parseConfig(join(root, 'feeds.json'), JSON.stringify({ output: { title: 'All', id: 'urn:test:all' }, sources: [], archive: { dir: 'src/content/news' } }));
    await new Archiver({ store, settings: archiveSettingsOf(config)!, logger: pino({ level: 'silent' }) }).sync();
    await store.close();
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('has every file accepted by the schema a site would write for the seed documents', async () => {
    const files = archiveFiles(dir);
    expect(files).toHaveLength(HOSTILE_TITLES.length);
    for (const file of files) {
      const parsed = ArticleSchema.safeParse(loadEntry(await readFile(join(dir, file), 'utf8')).data);
      expect(parsed.success ? [] : parsed.error.issues, file).toEqual([]);
    }
  });

  it('gives each entry an id of its own, and its title back exactly', async () => {
    const files = archiveFiles(dir);
    expect(new Set(files.map(entryId)).size).toBe(files.length);
    const titles = await Promise.all(files.map(async (file) => ArticleSchema.parse(loadEntry(await readFile(join(dir, file), 'utf8')).data).title));
    expect(titles.sort()).toEqual([...HOSTILE_TITLES].sort());
  });

  it.each(['000', '002'])('accepts the front matter of seed %s with the same schema', async (name) => {
    const parsed = ArticleSchema.safeParse(loadEntry(await readFile(`test/fixtures/archive/seed-${name}.front-matter.yaml`, 'utf8')).data);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it.runIf(SEEDS.present).each(SEEDS.files)('accepts the seed document %s itself with the same schema', async (file) => {
    const parsed = ArticleSchema.safeParse(loadEntry(await readFile(file, 'utf8')).data);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });
});
