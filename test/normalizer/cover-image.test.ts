import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/fetcher/decode-body.js';
import { pickCoverImage } from '../../src/normalizer/cover-image.js';
import { parseFeed } from '../../src/parser/parse-feed.js';
import type { ParsedItem } from '../../src/parser/parsed-feed.js';
import { corpusRoot, hasCorpus } from '../corpus/corpus-files.js';

const BASE = 'https://example.com/feed/';
const item = (fields: Partial<ParsedItem>): ParsedItem => ({ categories: [], enclosures: [], images: [], ...fields });

describe('pickCoverImage', () => {
  it('takes the widest media:content image', () => {
    const cover = pickCoverImage(
      item({
        images: [
          { url: 'https://img.example.com/small.jpg', medium: 'image', width: 400, origin: 'media:content' },
          { url: 'https://img.example.com/large.jpg', type: 'image/jpeg', width: 1600, height: 900, origin: 'media:content' },
          { url: 'https://img.example.com/video.mp4', medium: 'video', width: 3840, origin: 'media:content' },
        ],
      }),
      BASE,
    );
    expect(cover).toEqual({ url: 'https://img.example.com/large.jpg', type: 'image/jpeg', width: 1600, height: 900 });
  });

  it('prefers a media:content image over a thumbnail', () => {
    const cover = pickCoverImage(
      item({
        images: [
          { url: 'https://img.example.com/thumb.jpg', origin: 'media:thumbnail' },
          { url: 'https://img.example.com/full.jpg', medium: 'image', origin: 'media:content' },
        ],
      }),
      BASE,
    );
    expect(cover?.url).toBe('https://img.example.com/full.jpg');
  });

  it('falls back to the thumbnail when media:content is not an image', () => {
    const cover = pickCoverImage(
      item({
        images: [
          { url: 'https://img.example.com/clip.mp4', type: 'video/mp4', origin: 'media:content' },
          { url: 'thumb.jpg', width: 120, height: 90, origin: 'media:thumbnail' },
        ],
      }),
      BASE,
    );
    expect(cover).toEqual({ url: 'https://example.com/feed/thumb.jpg', width: 120, height: 90 });
  });

  it('takes a media:content that names neither type nor medium by the extension of its URL path, the widest first', () => {
    // As The Guardian writes them: url and width only.
    const cover = pickCoverImage(
      item({
        images: [
          { url: 'https://i.guim.co.uk/img/media/b73c/master/3000.jpg?w=140&q=55', width: 140, origin: 'media:content' },
          { url: 'https://i.guim.co.uk/img/media/b73c/master/3000.jpg?w=460&q=55', width: 460, origin: 'media:content' },
          { url: 'https://img.example.com/clip.mp4', width: 1920, origin: 'media:content' },
          { url: 'https://img.example.com/thumb.jpg', origin: 'media:thumbnail' },
        ],
      }),
      BASE,
    );
    expect(cover).toEqual({ url: 'https://i.guim.co.uk/img/media/b73c/master/3000.jpg?w=460&q=55', width: 460 });
  });

  it('does not take an untyped media:content whose URL path names no image file', () => {
    const cover = pickCoverImage(
      item({
        images: [
          { url: 'https://img.example.com/watch?v=x.jpg', width: 640, origin: 'media:content' },
          { url: 'https://img.example.com/photo.png', medium: 'video', width: 640, origin: 'media:content' },
          { url: 'thumb.jpg', origin: 'media:thumbnail' },
        ],
      }),
      BASE,
    );
    expect(cover).toEqual({ url: 'https://example.com/feed/thumb.jpg' });
  });

  it('uses an image enclosure, but not an audio one', () => {
    const cover = pickCoverImage(
      item({
        enclosures: [
          { url: 'https://example.com/ep.mp3', type: 'audio/mpeg' },
          { url: 'https://example.com/art.png', type: 'image/png' },
        ],
      }),
      BASE,
    );
    expect(cover).toEqual({ url: 'https://example.com/art.png', type: 'image/png' });
  });

  it('uses JSON Feed image before banner_image', () => {
    const cover = pickCoverImage(
      item({
        images: [
          { url: 'https://example.com/banner.jpg', origin: 'json:banner_image' },
          { url: 'https://example.com/image.jpg', origin: 'json:image' },
        ],
      }),
      BASE,
    );
    expect(cover?.url).toBe('https://example.com/image.jpg');
  });

  it('falls back to the first img of the content, skipping tracking pixels', () => {
    const cover = pickCoverImage(
      item({
        content: '<img src="https://t.example.com/p.gif" width="1" height="1"><p><img alt="x" src="/pics/a.jpg?w=1&amp;h=2"></p>',
        summary: '<img src="https://example.com/summary.jpg">',
      }),
      BASE,
    );
    expect(cover).toEqual({ url: 'https://example.com/pics/a.jpg?w=1&h=2' });
  });

  it('falls back to the first img of the summary', () => {
    expect(pickCoverImage(item({ summary: "<p><img src='s.jpg'></p>" }), BASE)?.url).toBe('https://example.com/feed/s.jpg');
  });

  it('skips candidates whose URL is not http(s)', () => {
    const cover = pickCoverImage(
      item({
        images: [{ url: 'javascript:alert(1)', medium: 'image', origin: 'media:content' }],
        content: '<img src="data:image/png;base64,AAAA"><img src="https://example.com/ok.jpg">',
      }),
      BASE,
    );
    expect(cover?.url).toBe('https://example.com/ok.jpg');
  });

  it('gives nothing when there is no image', () => {
    expect(pickCoverImage(item({ content: '<p>text</p>' }), BASE)).toBeUndefined();
  });
});

const runCorpus = hasCorpus || Boolean(process.env.CI);
if (!runCorpus) console.warn(`pickCoverImage corpus test skipped: no corpus at ${corpusRoot}`);

describe.skipIf(!runCorpus)('pickCoverImage: the real-world corpus', () => {
  it("gives each of The Guardian's 55 items its widest untyped media:content", async () => {
    expect(hasCorpus, `the corpus is required with CI set: none at ${corpusRoot}`).toBe(true);
    const file = 'rss-parser/test/input/guardian.rss';
    const { text } = decodeBody(readFileSync(path.join(corpusRoot, file)));
    const feed = await parseFeed(text, { sourceKey: 'corpus', url: `https://corpus.example/${file}` });
    const covers = feed.items.map((parsed) => pickCoverImage(parsed, `https://corpus.example/${file}`));
    expect(covers).toHaveLength(55);
    for (const cover of covers) expect(cover).toEqual({ url: expect.stringMatching(/^https:\/\/i\.guim\.co\.uk\/img\/.*\.(jpg|png)\?w=460&/), width: 460 });
  });
});
