import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEBIAN_PYTHON, FEEDPARSER, missingTools, mustFail } from '../helpers/debian-tools.js';
import { publishFixtures, type PublishedFixtures } from './fixture-outputs.js';

const run = promisify(execFile);
const missing = missingTools([FEEDPARSER]);

interface ConsumerReading {
  bozo: number;
  problem: string | null;
  version: string | null;
  entries: Array<{ id: string | null; title: string | null; link: string | null; entry_link: string | null; source: string | null }>;
}

async function readWithFeedparser(files: string[]): Promise<Record<string, ConsumerReading>> {
  const { stdout } = await run(DEBIAN_PYTHON, ['test/consumers/read-feeds.py', ...files], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as Record<string, ConsumerReading>;
}

describe.skipIf(missing.length > 0 && !mustFail(missing))("feedparser (Debian's python3-feedparser) reading the outputs", () => {
  let published: PublishedFixtures;
  let readings: Record<string, ConsumerReading>;
  const reading = (name: string) => readings[join(published.outDir, name)]!;

  beforeAll(async () => {
    if (mustFail(missing)) return;
    published = await publishFixtures();
    const files = ['all', 'crypto', 'ai'].flatMap((name) => ['atom', 'rss', 'json'].map((extension) => join(published.outDir, `${name}.${extension}`)));
    readings = await readWithFeedparser(files);
  });

  it('parses every output of the fixtures with bozo = 0', () => {
    if (mustFail(missing)) throw new Error(missing.join('; '));
    const problems = Object.entries(readings)
      .filter(([, result]) => result.bozo !== 0)
      .map(([file, result]) => `${file}: ${result.problem}`);
    expect(problems).toEqual([]);
    expect(reading('all.atom').version).toBe('atom10');
    expect(reading('all.rss').version).toBe('rss20');
    expect(reading('all.json').version).toBe('https://jsonfeed.org/version/1.1');
  });

  it('finds in all.atom the same ids, titles and links, and each entry crediting its source', () => {
    if (mustFail(missing)) throw new Error(missing.join('; '));
    expect(published.expected.length).toBeGreaterThanOrEqual(9);
    expect(reading('all.atom').entries.map(({ id, title, link, source }) => ({ id, title, link, source }))).toEqual(
      published.expected.map((entry) => ({ id: entry.atomId, title: entry.title, link: entry.link ?? null, source: expect.any(String) })),
    );
  });

  it('finds in all.rss the same guids, titles and links', () => {
    if (mustFail(missing)) throw new Error(missing.join('; '));
    expect(reading('all.rss').entries.map(({ id, title, link }) => ({ id, title, link }))).toEqual(
      published.expected.map((entry) => ({ id: entry.atomId, title: entry.title, link: entry.link ?? null })),
    );
  });

  it('finds in all.json the same ids, titles and links', () => {
    if (mustFail(missing)) throw new Error(missing.join('; '));
    expect(reading('all.json').entries.map(({ id, title, link }) => ({ id, title, link }))).toEqual(
      published.expected.map((entry) => ({ id: entry.atomId, title: entry.title, link: entry.link ?? null })),
    );
  });

  it('reads the hostile titles exactly, in Atom and in RSS (hexadecimal references there), and the syndicated echo nowhere', () => {
    if (mustFail(missing)) throw new Error(missing.join('; '));
    for (const file of ['all.atom', 'all.rss']) {
      const titles = reading(file).entries.map((entry) => entry.title);
      expect(titles).toContain(`Bitcoin < $100k? "Maybe" & ']]>' 🚀`);
      expect(titles).toContain('Ünïcödé — “smart” quotes, עברית and العربية, ‘done’');
      expect(titles).toContain('Ether ETF flows turn positive');
    }
    for (const name of ['all', 'crypto']) {
      for (const extension of ['atom', 'rss', 'json']) {
        expect(reading(`${name}.${extension}`).entries.map((entry) => entry.title)).not.toContain('Ether ETF flows turn positive (syndicated)');
      }
    }
  });

  it('splits the items between the crypto and ai outputs by category', () => {
    if (mustFail(missing)) throw new Error(missing.join('; '));
    const ids = (name: string) =>
      reading(name)
        .entries.map((entry) => entry.id)
        .sort();
    expect([...ids('crypto.atom'), ...ids('ai.atom')].sort()).toEqual(ids('all.atom'));
    expect(ids('ai.atom')).toHaveLength(3);
  });
});
