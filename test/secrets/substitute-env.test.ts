import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/errors/index.js';

const file = 'feeds.json';
const configWith = (source: Record<string, unknown>): string =>
  JSON.stringify({ output: { title: 'T', id: 'urn:t' }, sources: [{ key: 'news', name: 'News', url: 'https://news.example/feed', ...source }] });

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('no ConfigError was thrown');
}

describe('${NAME} in the config', () => {
  it('fills a header value from the environment', () => {
    const config = parseConfig(file, configWith({ headers: { Authorization: 'Bearer ${NEWS_TOKEN}' } }), { NEWS_TOKEN: 'tok-123' });
    expect(config.sources[0]!.headers).toEqual({ Authorization: 'Bearer tok-123' });
  });

  it('fills userinfo in a source URL from the environment', () => {
    const config = parseConfig(file, configWith({ url: 'https://${NEWS_USER}:${NEWS_PASS}@news.example/feed' }), { NEWS_USER: 'ann', NEWS_PASS: 'pw' });
    expect(config.sources[0]!.url).toBe('https://ann:pw@news.example/feed');
  });

  it('refuses a missing variable, naming the JSON path and the variable but no value', () => {
    const error = configErrorOf(() => parseConfig(file, configWith({ headers: { 'X-Api-Key': '${NEWS_KEY}' } }), { OTHER: 'secret-other' }));
    expect(error.problems).toEqual([{ path: 'sources[0].headers["X-Api-Key"]', message: 'environment variable NEWS_KEY is not set (or empty)' }]);
    expect(error.message).toBe('feeds.json: sources[0].headers["X-Api-Key"]: environment variable NEWS_KEY is not set (or empty)');
  });

  it('refuses a variable set to the empty string', () => {
    const error = configErrorOf(() => parseConfig(file, configWith({ headers: { Authorization: 'Bearer ${NEWS_TOKEN}' } }), { NEWS_TOKEN: '' }));
    expect(error.problems[0]?.path).toBe('sources[0].headers.Authorization');
  });

  it('reports every missing variable at once', () => {
    const error = configErrorOf(() => parseConfig(file, configWith({ url: 'https://${A}:${B}@news.example/feed' }), {}));
    expect(error.problems.map((problem) => problem.message)).toEqual(['environment variable A is not set (or empty)', 'environment variable B is not set (or empty)']);
  });

  it('reads $${ as a literal ${ and substitutes nothing there', () => {
    const config = parseConfig(file, configWith({ name: 'Costs $${HOME} and ${NAME}' }), { HOME: '/root', NAME: 'n' });
    expect(config.sources[0]!.name).toBe('Costs ${HOME} and n');
  });

  it('leaves a lone $ and an unclosed ${ as they are', () => {
    const config = parseConfig(file, configWith({ name: 'US$ 5 ${not closed' }), {});
    expect(config.sources[0]!.name).toBe('US$ 5 ${not closed');
  });
});

describe("a source's headers in the config", () => {
  it('refuses a header Tributary sets itself', () => {
    const error = configErrorOf(() => parseConfig(file, configWith({ headers: { Host: 'evil.example' } }), {}));
    expect(error.message).toContain('sources[0].headers');
    expect(error.message).toContain('set by Tributary itself');
  });

  it('refuses a value with a line break without quoting the value', () => {
    const error = configErrorOf(() => parseConfig(file, configWith({ headers: { Authorization: 'Bearer s3cr3t\r\nX-Injected: 1' } }), {}));
    expect(error.message).toContain('sources[0].headers.Authorization: not a valid HTTP header value');
    expect(error.message).not.toContain('s3cr3t');
  });

  it('refuses an invalid header name', () => {
    const error = configErrorOf(() => parseConfig(file, configWith({ headers: { 'Bad Name': 'x' } }), {}));
    expect(error.message).toContain('sources[0].headers');
  });
});
