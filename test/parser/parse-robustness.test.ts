import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isParseError } from '../../src/errors/parse-error.js';
import { ItemSchema } from '../../src/model/item.js';
import { normalizeFeed } from '../../src/normalizer/normalize-feed.js';
import { parseFeed } from '../../src/parser/parse-feed.js';
import { seededRandom } from '../helpers/seeded-random.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/parser');
const documents = readdirSync(fixtures)
  .filter((name) => /\.(xml|json)$/.test(name) && !name.endsWith('.expected.json'))
  .map((name) => readFileSync(path.join(fixtures, name), 'utf8'));

const PIECES = [
  '<',
  '>',
  '&',
  '"',
  '</item>',
  '<item>',
  '<entry>',
  ']]>',
  '<![CDATA[',
  '\u0000',
  '&#x0;',
  '&nbsp;',
  '{',
  '}',
  '"items":',
  'null',
  '<guid isPermaLink="true"/>',
  '<link/>',
  '<title><b/></title>',
];

function mutate(text: string, next: () => number): string {
  const at = Math.floor(next() * text.length);
  const roll = next();
  if (roll < 0.34) return text.slice(0, at);
  if (roll < 0.67) return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 40));
  return text.slice(0, at) + (PIECES[Math.floor(next() * PIECES.length)] ?? '') + text.slice(at);
}

/** Parses and normalizes; fails the test on anything thrown but a ParseError. */
async function outcome(text: string): Promise<'parsed' | 'refused'> {
  try {
    const feed = await parseFeed(text, { sourceKey: 'fuzz', url: 'https://example.com/feed' });
    const { items } = normalizeFeed(
      feed,
      { source: { key: 'fuzz', name: 'Fuzz', tags: [] }, type: feed.type, feedUrl: 'https://example.com/feed', now: new Date('2026-01-15T12:00:00Z') },
      { maxItems: 100, descriptionLength: 300 },
    );
    for (const item of items) ItemSchema.parse(item);
    return 'parsed';
  } catch (error) {
    if (isParseError(error)) return 'refused';
    throw error;
  }
}

describe('parseFeed robustness', () => {
  it('ends every truncated fixture in a feed or a ParseError', async () => {
    const outcomes = new Set<string>();
    for (const text of documents) {
      for (let step = 1; step <= 24; step += 1) outcomes.add(await outcome(text.slice(0, Math.floor((text.length * step) / 25))));
    }
    expect(outcomes).toContain('refused');
  });

  it('ends every randomly damaged fixture in a feed or a ParseError', async () => {
    const next = seededRandom(20251216);
    const outcomes = new Set<string>();
    for (const text of documents) {
      for (let round = 0; round < 30; round += 1) {
        let damaged = text;
        for (let cuts = 1 + Math.floor(next() * 3); cuts > 0; cuts -= 1) damaged = mutate(damaged, next);
        outcomes.add(await outcome(damaged));
      }
    }
    expect([...outcomes].sort()).toEqual(['parsed', 'refused']);
  });

  it.each([
    [
      'elements where text is expected',
      '<rss version="2.0"><channel><title><b>x</b></title><item><title><i>a</i> b</title><guid><x/></guid><link><a/></link><pubDate><d/></pubDate><category><c/></category><description><p>hi</p></description></item></channel></rss>',
    ],
    ['attributes where text is expected', '<rss version="2.0"><channel><item><title type="html"/><guid isPermaLink="false"/><link href="https://e.com/x"/><enclosure/></item></channel></rss>'],
    ['an empty channel', '<rss version="2.0"><channel/></rss>'],
    [
      'empty Atom elements',
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id/><title/><link/><author/><content type="xhtml"/><summary type="xhtml"><div/></summary><category/></entry><entry/></feed>',
    ],
    ['JSON items of every type', '{"version":"https://jsonfeed.org/version/1.1","items":[null,1,"s",[],{"id":null,"authors":"x","tags":[null],"attachments":"x"}]}'],
    ['JSON with a wrong items type', '{"version":"https://jsonfeed.org/version/1.1","items":{}}'],
    ['a deeply nested document', `<rss version="2.0"><channel><item><description>${'<div>'.repeat(500)}x${'</div>'.repeat(500)}</description></item></channel></rss>`],
  ])('survives %s', async (_name, text) => {
    await expect(outcome(text)).resolves.toMatch(/parsed|refused/);
  });
});
