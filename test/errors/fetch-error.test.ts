import { describe, expect, it } from 'vitest';
import { FETCH_CODES, FETCH_ERROR_KINDS, FetchError } from '../../src/errors/fetch-error.js';
import { FailureKindSchema } from '../../src/model/fetch-state.js';
import { ParseError } from '../../src/errors/parse-error.js';
import { sourceMessage } from '../../src/errors/source-message.js';

const URL = 'https://news.example/feed';

describe('FetchError', () => {
  const error = new FetchError('http', 'news', URL, 'HTTP 500 Internal Server Error', { status: 500 });

  it('keeps the reason bare, without the source key and the URL', () => {
    expect(error.reason).toBe('HTTP 500 Internal Server Error');
    expect(error.sourceKey).toBe('news');
    expect(error.url).toBe(URL);
  });

  it('composes its message once, as key: reason (url)', () => {
    expect(error.message).toBe(`news: HTTP 500 Internal Server Error (${URL})`);
    expect(error.message).toBe(sourceMessage(error.sourceKey, error.reason, error.url));
  });

  it('keeps a reason that itself names a URL or holds parentheses as given', () => {
    const loop = new FetchError('too_many_redirects', 'news', URL, `redirect loop at ${URL} (twice)`);
    expect(loop.reason).toBe(`redirect loop at ${URL} (twice)`);
    expect(loop.message).toBe(`news: redirect loop at ${URL} (twice) (${URL})`);
  });
});

describe('ParseError', () => {
  it('composes its message with the same formatter, and keeps its reason bare', () => {
    const error = new ParseError('news', URL, 'not XML or JSON');
    expect(error.reason).toBe('not XML or JSON');
    expect(error.message).toBe(sourceMessage('news', 'not XML or JSON', URL));
    expect(error.message).toBe(`news: not XML or JSON (${URL})`);
  });
});

describe('the codes of FetchError', () => {
  it('are FETCH_ and the kind in capitals, one for every kind', () => {
    expect(FETCH_CODES).toHaveLength(FETCH_ERROR_KINDS.length);
    for (const kind of FETCH_ERROR_KINDS) {
      const { code } = new FetchError(kind, 'news', URL, 'why');
      expect(code).toBe(`FETCH_${kind.toUpperCase()}`);
      expect(FETCH_CODES).toContain(code);
    }
  });

  it('come from kinds the fetch state can record', () => {
    expect(FailureKindSchema.options).toEqual(expect.arrayContaining([...FETCH_ERROR_KINDS]));
  });
});
