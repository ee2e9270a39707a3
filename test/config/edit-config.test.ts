import { chmod, lstat, mkdir, readFile, readdir, rename, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appendSources, type NewSource } from '../../src/config/edit-config.js';
import { urlIdentity } from '../../src/config/feed-url.js';
import { parseConfig } from '../../src/config/load-config.js';
import { proposeKey, slugifyKey } from '../../src/config/source-key.js';
import { watchConfigFile } from '../../src/config/watch-config.js';
import { writeConfigFile } from '../../src/config/write-config-file.js';
import { ConfigError } from '../../src/errors/index.js';
import { tempDir } from '../helpers/temp-workspace.js';
import { waitFor } from '../helpers/wait-for.js';

const FILE = 'feeds.json';
const NEWS: NewSource = { key: 'news', name: 'News', url: 'https://news.example/feed' };

/** The shipped layout: one line per source. */
const ONE_LINE_PER_SOURCE = `{
  "$schema": "./feeds.schema.json",
  "output": { "title": "All", "id": "urn:test:all" },
  "sources": [
    { "key": "a", "name": "A", "url": "https://a.example/feed", "category": "crypto" },
    { "key": "b", "name": "B", "url": "https://b.example/feed" }
  ],
  "fetch": {
    "timeoutMs": 30000
  }
}
`;

/** What JSON.stringify(config, null, 2) writes: one line per field. */
const BLOCK = `${JSON.stringify(
  {
    output: { title: 'All', id: 'urn:test:all' },
    sources: [
      { key: 'a', name: 'A', url: 'https://a.example/feed' },
      { key: 'b', name: 'B', url: 'https://b.example/feed', tags: ['x'] },
    ],
  },
  null,
  2,
)}\n`;

/** The lines of `after` that are not in `before`, as a multiset difference. */
function addedLines(before: string, after: string): string[] {
  const remaining = before.split('\n');
  return after.split('\n').filter((line) => {
    const index = remaining.indexOf(line);
    if (index === -1) return true;
    remaining.splice(index, 1);
    return false;
  });
}

describe('appending sources to a config file', () => {
  it('adds a one-line source below the one-line sources and leaves every other line as it was', () => {
    const { text } = appendSources(FILE, ONE_LINE_PER_SOURCE, [{ ...NEWS, category: 'ai' }]);
    expect(text).toBe(
      ONE_LINE_PER_SOURCE.replace(
        '"url": "https://b.example/feed" }\n',
        '"url": "https://b.example/feed" },\n    { "key": "news", "name": "News", "url": "https://news.example/feed", "category": "ai" }\n',
      ),
    );
  });

  it('adds a source one field per line, with the indentation of the sources around it', () => {
    const { text } = appendSources(FILE, BLOCK, [NEWS]);
    expect(addedLines(BLOCK, text)).toEqual(['    },', '    {', '      "key": "news",', '      "name": "News",', '      "url": "https://news.example/feed"']);
    expect(JSON.parse(text)).toEqual({ ...JSON.parse(BLOCK), sources: [...JSON.parse(BLOCK).sources, NEWS] });
  });

  it('keeps tab indentation and CRLF line endings', () => {
    const crlfTabs = BLOCK.replace(/ {2}/g, '\t').replace(/\n/g, '\r\n');
    const { text } = appendSources(FILE, crlfTabs, [NEWS]);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text).toContain('\t\t{\r\n\t\t\t"key": "news",\r\n\t\t\t"name": "News",');
    expect(text.startsWith(crlfTabs.slice(0, crlfTabs.indexOf('"tags"')))).toBe(true);
  });

  it('fills an empty sources array one level deeper than the "sources" line', () => {
    const empty = '{\n  "output": { "title": "All", "id": "urn:test:all" },\n  "sources": []\n}\n';
    const { text } = appendSources(FILE, empty, [NEWS]);
    expect(text).toBe(
      '{\n  "output": { "title": "All", "id": "urn:test:all" },\n  "sources": [\n    {\n      "key": "news",\n' + '      "name": "News",\n      "url": "https://news.example/feed"\n    }\n  ]\n}\n',
    );
  });

  it('keeps a config written on one line on one line', () => {
    const minified = JSON.stringify({ output: { title: 'All', id: 'urn:test:all' }, sources: [] });
    const { text } = appendSources(FILE, minified, [NEWS, { ...NEWS, key: 'news-2', url: 'https://news.example/other' }]);
    expect(text).not.toContain('\n');
    expect(text).toBe(minified.replace('"sources":[]', `"sources":[${JSON.stringify(NEWS)},${JSON.stringify({ ...NEWS, key: 'news-2', url: 'https://news.example/other' })}]`));
  });

  it('writes key, name, url, category, tags, schedule and enabled in that order, and only what differs from the defaults', () => {
    const { text } = appendSources(FILE, ONE_LINE_PER_SOURCE, [
      { enabled: false, schedule: '0 * * * *', tags: ['t'], category: 'c', url: 'https://x.example/', name: 'X', key: 'x' },
      { key: 'y', name: 'Y', url: 'https://y.example/', tags: [], enabled: true },
    ]);
    expect(addedLines(ONE_LINE_PER_SOURCE, text)).toEqual([
      '    { "key": "b", "name": "B", "url": "https://b.example/feed" },',
      '    { "key": "x", "name": "X", "url": "https://x.example/", "category": "c", "tags": ["t"], "schedule": "0 * * * *", "enabled": false },',
      '    { "key": "y", "name": "Y", "url": "https://y.example/" }',
    ]);
  });

  it('finds the sources array even when a string elsewhere looks like one', () => {
    const tricky = ONE_LINE_PER_SOURCE.replace('"title": "All"', '"title": "All \\"sources\\": [ ] }"');
    const { config } = appendSources(FILE, tricky, [NEWS]);
    expect(config.output.title).toBe('All "sources": [ ] }');
    expect(config.sources.map((source) => source.key)).toEqual(['a', 'b', 'news']);
  });

  it('returns the config as the schema reads the new text', () => {
    const { config } = appendSources(FILE, ONE_LINE_PER_SOURCE, [NEWS]);
    expect(config.sources.at(-1)).toEqual({ ...NEWS, tags: [], enabled: true });
  });

  describe('with a literal ${ in a name', () => {
    afterEach(() => vi.unstubAllEnvs());

    it('writes it escaped, so that it is read back as given whatever the environment sets', () => {
      vi.stubEnv('HOME', '/home/operator');
      vi.stubEnv('WIRE_TOKEN', undefined as unknown as string);
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal `${` in a feed title is the case
      const names = ['Tips for ${HOME}', 'Rotate your ${WIRE_TOKEN} today', 'Costs $${5} a ${'];
      const added = names.map((name, i) => ({ key: `s${i}`, name, url: `https://s${i}.example/feed` }));
      const { text, config } = appendSources(FILE, ONE_LINE_PER_SOURCE, added);
      expect(text).toContain('"name": "Tips for $${HOME}"');
      expect(config.sources.slice(2).map((source) => source.name)).toEqual(names);
      expect(
        parseConfig(FILE, text)
          .sources.slice(2)
          .map((source) => source.name),
      ).toEqual(names);
    });
  });

  it('refuses a source the schema refuses, naming its path, and gives no text', () => {
    expect(() => appendSources(FILE, ONE_LINE_PER_SOURCE, [{ ...NEWS, key: 'Not A Key' }])).toThrow(/feeds\.json: sources\[2\]\.key: must match \[a-z0-9-\]\+/);
  });

  it('refuses a key already in the config', () => {
    expect(() => appendSources(FILE, ONE_LINE_PER_SOURCE, [{ ...NEWS, key: 'a' }])).toThrow(ConfigError);
    expect(() => appendSources(FILE, ONE_LINE_PER_SOURCE, [{ ...NEWS, key: 'a' }])).toThrow(/duplicate key "a"/);
  });

  it('changes only the sources of the shipped config', async () => {
    const shipped = await readFile('config/feeds.json', 'utf8');
    const { text } = appendSources('config/feeds.json', shipped, [NEWS]);
    const before = parseConfig('config/feeds.json', shipped);
    const after = parseConfig('config/feeds.json', text);
    expect({ ...after, sources: after.sources.slice(0, -1) }).toEqual(before);
    expect(text.length - shipped.length).toBeLessThan(120);
  });
});

describe('proposing a key for a new source', () => {
  it('turns a title into lower-case words joined by dashes, accents dropped', () => {
    expect(slugifyKey('Hugging Face — Blog')).toBe('hugging-face-blog');
    expect(slugifyKey('Ça marche: Les Échos!')).toBe('ca-marche-les-echos');
  });

  it('cuts a long title at a dash', () => {
    expect(slugifyKey('The quick brown fox jumps over the lazy dog, twice a day')).toBe('the-quick-brown-fox-jumps-over-the-lazy');
  });

  it('falls back to the host, then to "feed", when the title gives nothing', () => {
    expect(proposeKey('日本語', 'https://www.example.co.jp/rss', new Set())).toBe('example-co-jp');
    expect(proposeKey(undefined, 'not a url', new Set())).toBe('feed');
  });

  it('numbers a key that is taken', () => {
    expect(proposeKey('News', 'https://a.example/', new Set(['news', 'news-2']))).toBe('news-3');
  });
});

describe('comparing feed URLs', () => {
  it('reads the same URL written with another host case, default port or fragment as the same', () => {
    expect(urlIdentity('HTTPS://News.Example:443/feed#top')).toBe(urlIdentity('https://news.example/feed'));
    expect(urlIdentity('https://news.example')).toBe(urlIdentity('https://news.example/'));
    expect(urlIdentity('https://news.example/feed/')).not.toBe(urlIdentity('https://news.example/feed'));
  });
});

describe('writing the edited config file', () => {
  const editDir = () => tempDir('tributary-edit-');

  it('replaces the file, keeps its permissions, and leaves no temp file behind', async () => {
    const dir = await editDir();
    const file = join(dir, 'feeds.json');
    await writeFile(file, ONE_LINE_PER_SOURCE);
    await chmod(file, 0o600);
    await writeConfigFile(file, BLOCK, ONE_LINE_PER_SOURCE);
    expect(await readFile(file, 'utf8')).toBe(BLOCK);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['feeds.json']);
  });

  it('writes through a symlink to its target, leaving the link a link', async () => {
    const dir = await editDir();
    const target = join(dir, 'real.json');
    const link = join(dir, 'feeds.json');
    await writeFile(target, ONE_LINE_PER_SOURCE);
    await symlink(target, link);
    await writeConfigFile(link, BLOCK, ONE_LINE_PER_SOURCE);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(target, 'utf8')).toBe(BLOCK);
  });

  it("is seen by a running daemon's watcher when written through a symlink into another folder, wherever the link points", async () => {
    const dir = await editDir();
    await mkdir(join(dir, 'real'));
    await mkdir(join(dir, 'etc'));
    const target = join(dir, 'real', 'feeds.json');
    const link = join(dir, 'etc', 'feeds.json');
    await writeFile(target, ONE_LINE_PER_SOURCE);
    await symlink(target, link);
    let changes = 0;
    const watcher = watchConfigFile(link, () => changes++, 10);
    try {
      await writeConfigFile(link, BLOCK, ONE_LINE_PER_SOURCE);
      await waitFor('the watcher to see the edit', () => changes > 0, 2_000);

      // The link pointed at a file in a third folder: edits there are seen from then on.
      const moved = join(dir, 'moved', 'feeds.json');
      await mkdir(join(dir, 'moved'));
      await writeFile(moved, ONE_LINE_PER_SOURCE);
      await symlink(moved, join(dir, 'etc', 'next.json'));
      await rename(join(dir, 'etc', 'next.json'), link);
      await waitFor('the watcher to see the link change', () => changes > 1, 2_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const seen = changes;
      await writeConfigFile(link, BLOCK, ONE_LINE_PER_SOURCE);
      await waitFor('the watcher to see the edit of the new target', () => changes > seen, 2_000);
    } finally {
      watcher.close();
    }
  });

  it('writes nothing when the file changed since the edit was made from it', async () => {
    const dir = await editDir();
    const file = join(dir, 'feeds.json');
    await writeFile(file, BLOCK);
    await expect(writeConfigFile(file, BLOCK.replace('"All"', '"Edited"'), ONE_LINE_PER_SOURCE)).rejects.toThrow(/changed on disk while it was being edited; nothing written/);
    expect(await readFile(file, 'utf8')).toBe(BLOCK);
  });
});
