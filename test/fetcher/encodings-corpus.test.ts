import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../src/fetcher/fetch-feed.js';
import { parseFeed } from '../../src/parser/parse-feed.js';
import { FeedServer } from '../helpers/feed-server.js';

const CORPUS = resolve('../shared/corpus');
const present = existsSync(CORPUS);
if (!present) console.warn(`corpus not found at ${CORPUS}: the real-world encoding cases are skipped`);

/**
 * Real feeds in legacy encodings, served over HTTP as a server would (with or without a charset,
 * gzip-compressed), fetched and parsed: the titles must come out as the right characters.
 */
const CASES: Array<{ file: string; contentType?: string; gzip?: boolean; feedTitle: string; itemTitle?: string }> = [
  { file: 'miniflux/internal/reader/encoding/testdata/iso-8859-1.xml', feedTitle: 'Café' },
  { file: 'miniflux/internal/reader/encoding/testdata/koi8r.xml', feedTitle: 'Пример RSS ленты', itemTitle: 'Первая новость' },
  { file: 'miniflux/internal/reader/encoding/testdata/koi8r.xml', contentType: 'application/rss+xml; charset=koi8-r', feedTitle: 'Пример RSS ленты' },
  { file: 'miniflux/internal/reader/encoding/testdata/windows-1252.xml', feedTitle: 'Euro €' },
  // Declares windows-1252 but is UTF-8: valid UTF-8 wins over a wrong declaration.
  { file: 'miniflux/internal/reader/encoding/testdata/windows-1252-incorrect-prolog.xml', feedTitle: 'Euro €' },
  { file: 'miniflux/internal/reader/encoding/testdata/utf8-incorrect-prolog.xml', feedTitle: '테스트 피드', itemTitle: 'Café' },
  { file: 'miniflux/internal/reader/encoding/testdata/invalid-prolog.xml', feedTitle: '테스트 피드' },
  { file: 'miniflux/internal/reader/parser/testdata/encoding_WINDOWS-1251.xml', feedTitle: 'iBash.Org.Ru', itemTitle: 'Цитата #17703' },
  { file: 'miniflux/internal/reader/parser/testdata/no_encoding_ISO-8859-1.xml', feedTitle: 'Flux RSS du magazine de psychologie Le Cercle Psy' },
  { file: 'node-feedparser/test/feeds/iconv.xml', feedTitle: 'Новости Оренбурга и области / Раздел Новости', itemTitle: 'В Бузулуке главные стройплощадки – детсад и Ледовый дворец' },
  { file: 'node-feedparser/test/feeds/compressed.xml', gzip: true, feedTitle: 'Новости Оренбурга и области / Раздел Новости' },
];

describe.runIf(present)('real feeds in legacy encodings, fetched over HTTP', () => {
  let server: FeedServer;
  beforeAll(async () => {
    server = await FeedServer.start();
    CASES.forEach((testCase, index) => {
      const headers: Record<string, string> = { 'content-type': testCase.contentType ?? 'application/xml' };
      if (testCase.gzip) headers['content-encoding'] = 'gzip';
      server.route(`/${index}`, { body: readFileSync(resolve(CORPUS, testCase.file)), headers });
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(CASES.map((testCase, index) => ({ ...testCase, index })))('$file ($contentType) reads as "$feedTitle"', async (testCase) => {
    const options = { timeoutMs: 5000, connectTimeoutMs: 2000, maxBodyBytes: 10_000_000, maxRedirects: 2, userAgent: 'test' };
    const result = await fetchFeed({ sourceKey: 'corpus', url: server.url(`/${testCase.index}`) }, options);
    if (result.kind !== 'fetched') throw new Error('expected a body');
    const feed = await parseFeed(result.text, { sourceKey: 'corpus', url: result.finalUrl, contentType: result.contentType });
    expect(feed.title).toBe(testCase.feedTitle);
    if (testCase.itemTitle) expect(feed.items[0]?.title).toBe(testCase.itemTitle);
  });
});
