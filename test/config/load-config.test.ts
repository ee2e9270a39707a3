import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemsOf as problemsOfConfig } from '../helpers/config-problems.js';
import { loadConfig, parseConfig } from '../../src/config/load-config.js';
import { tempDir } from '../helpers/temp-workspace.js';

const FILE = 'config/feeds.json';

function minimal(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    output: { title: 'All', id: 'urn:test:all' },
    sources: [
      { key: 'a', name: 'A', url: 'https://a.example/feed' },
      { key: 'b', name: 'B', url: 'https://b.example/feed' },
      { key: 'c', name: 'C', url: 'https://c.example/feed' },
      { key: 'd', name: 'D', url: 'https://d.example/feed' },
    ],
    ...overrides,
  };
}

const problemsOf = (json: unknown) => problemsOfConfig(FILE, json);

/** The message a text that is not JSON is refused with. */
function messageOf(text: string): string {
  try {
    parseConfig(FILE, text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the config to be refused');
}

describe('loading the config', () => {
  it('loads the shipped config with every source valid', async () => {
    const config = await loadConfig('config/feeds.json');
    expect(config.sources.map((source) => source.key)).toContain('coindesk');
    expect(config.sources.map((source) => source.key)).toContain('cointelegraph');
    expect(config.sources.length).toBeGreaterThanOrEqual(6);
  });

  it('fills defaults for everything an operator may leave out', () => {
    const config = parseConfig(FILE, JSON.stringify(minimal()));
    expect(config.output.dir).toBe('feeds');
    expect(config.output.maxItems).toBe(100);
    expect(config.sources[0]).toMatchObject({ enabled: true, tags: [] });
    expect(config.schedule.default).toBe('*/15 * * * *');
    expect(config.fetch.maxBodyBytes).toBe(10 * 1024 * 1024);
    expect(config.store.uri).toBe('sqlite://data/tributary.db');
  });

  it('returns a frozen config so no stage can change it under another', () => {
    const config = parseConfig(FILE, JSON.stringify(minimal()));
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.sources[0])).toBe(true);
  });

  it('names the file, the JSON path and the problem for a URL that is not http(s)', () => {
    const json = minimal();
    (json.sources as Array<Record<string, unknown>>)[3]!.url = 'ftp://d.example/feed';
    expect(problemsOf(json)).toEqual(['config/feeds.json: sources[3].url: not an http(s) URL']);
  });

  it('refuses a duplicate source key and says where the first one is', () => {
    const json = minimal();
    (json.sources as Array<Record<string, unknown>>)[2]!.key = 'a';
    expect(problemsOf(json)).toEqual(['config/feeds.json: sources[2].key: duplicate key "a" (also sources[0].key)']);
  });

  it('refuses a key with characters outside [a-z0-9-]', () => {
    const json = minimal();
    (json.sources as Array<Record<string, unknown>>)[0]!.key = 'Coin Desk';
    expect(problemsOf(json)[0]).toMatch(/^config\/feeds\.json: sources\[0\]\.key: must match \[a-z0-9-\]\+/);
  });

  it('refuses an invalid cron schedule', () => {
    const json = minimal();
    (json.sources as Array<Record<string, unknown>>)[1]!.schedule = 'every now and then';
    expect(problemsOf(json)).toEqual(['config/feeds.json: sources[1].schedule: not a valid cron expression']);
  });

  it('refuses unknown fields, which are usually typos', () => {
    const json = minimal();
    (json.sources as Array<Record<string, unknown>>)[0]!.shedule = '* * * * *';
    expect(problemsOf(json)).toEqual(['config/feeds.json: sources[0]: unknown field "shedule"']);
  });

  it('reports a missing required field', () => {
    const json = minimal({ output: { id: 'urn:x' } });
    expect(problemsOf(json)).toEqual(['config/feeds.json: output.title: required (string)']);
  });

  it('lists every problem at once, not only the first', () => {
    const json = minimal();
    const sources = json.sources as Array<Record<string, unknown>>;
    sources[0]!.url = 'nope';
    sources[1]!.name = '';
    expect(problemsOf(json)).toHaveLength(2);
  });

  it('refuses a file that is not JSON, saying on one line where and why', () => {
    const sources = (between: string) => `{
  "output": { "title": "All", "id": "urn:test:all" },
  "sources": [
    { "key": "a", "name": "A", "url": "https://a.example/feed" }${between}
    { "key": "b", "name": "B", "url": "https://b.example/feed" },
  ]
}
`;
    expect(messageOf(sources(','))).toBe('config/feeds.json:5:65: not valid JSON: a trailing comma after the last array element');
    expect(messageOf(sources(''))).toBe("config/feeds.json:5:5: not valid JSON: expected ',' or ']' after an array element, found \"{\"");
    expect(messageOf('{ "output": ')).toBe('config/feeds.json:1:13: not valid JSON: expected a value, found the end of the file');
    expect(messageOf('{ "output": { "title": \'All\' } }')).toBe('config/feeds.json:1:24: not valid JSON: expected a value, found "\'"');
    expect(messageOf('{ "a": "two\nlines" }')).toBe('config/feeds.json:1:12: not valid JSON: a line break or control character inside a string (write it as \\n or \\u00XX)');
  });

  it('reads a file saved with a UTF-8 byte order mark, as Windows editors save it', () => {
    expect(parseConfig(FILE, `\uFEFF${JSON.stringify(minimal(), null, 2)}`).sources).toHaveLength(4);
  });

  it('refuses a missing file by name', async () => {
    const dir = await tempDir('tributary-config-');
    await expect(loadConfig(join(dir, 'nope.json'))).rejects.toThrow(`${join(dir, 'nope.json')}: file not found`);
  });

  it('reads a file from disk', async () => {
    const dir = await tempDir('tributary-config-');
    const file = join(dir, 'feeds.json');
    await writeFile(file, JSON.stringify(minimal()));
    expect((await loadConfig(file)).sources).toHaveLength(4);
  });
});
