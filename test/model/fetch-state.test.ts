import { describe, expect, it } from 'vitest';
import { FetchStateSchema, initialFetchState, isStateFor, stateUrl, type FetchState } from '../../src/model/fetch-state.js';
import { redactUri } from '../../src/model/redact-uri.js';

const WITH_SECRETS = 'https://ann:s3cret-pass@feeds.example/private.rss?api_key=k3y-value&page=2';
const REDACTED = 'https://ann:***@feeds.example/private.rss?api_key=***&page=2';

describe('the URL a fetch state keeps', () => {
  it('is the configured URL redacted exactly as logs redact it: password and credential-named query values hidden', () => {
    expect(stateUrl(WITH_SECRETS)).toBe(REDACTED);
    expect(stateUrl(WITH_SECRETS)).toBe(redactUri(WITH_SECRETS));
    expect(stateUrl('https://ghp_token123@feeds.example/x')).toBe('https://***@feeds.example/x');
    expect(initialFetchState('private', WITH_SECRETS).url).toBe(REDACTED);
  });

  it('is the configured URL itself when it holds no credential', () => {
    expect(stateUrl('https://feeds.example/feed.xml?page=2')).toBe('https://feeds.example/feed.xml?page=2');
  });
});

describe('whether a saved state is about a configured URL', () => {
  it('is so for a state saved redacted', () => {
    expect(isStateFor({ url: REDACTED }, WITH_SECRETS)).toBe(true);
  });

  it('is so for a state an older version saved with the URL verbatim', () => {
    expect(isStateFor({ url: WITH_SECRETS }, WITH_SECRETS)).toBe(true);
    expect(isStateFor({ url: 'https://feeds.example/feed.xml' }, 'https://feeds.example/feed.xml')).toBe(true);
  });

  it('is so after the password or the key was rotated, verbatim or redacted', () => {
    const rotated = 'https://ann:new-pass@feeds.example/private.rss?api_key=new-key&page=2';
    expect(isStateFor({ url: REDACTED }, rotated)).toBe(true);
    expect(isStateFor({ url: WITH_SECRETS }, rotated)).toBe(true);
  });

  it('is not so for another host, path, user or ordinary query parameter', () => {
    for (const other of [
      'https://ann:s3cret-pass@other.example/private.rss?api_key=k3y-value&page=2',
      'https://ann:s3cret-pass@feeds.example/public.rss?api_key=k3y-value&page=2',
      'https://bob:s3cret-pass@feeds.example/private.rss?api_key=k3y-value&page=2',
      'https://ann:s3cret-pass@feeds.example/private.rss?api_key=k3y-value&page=3',
    ]) {
      expect(isStateFor({ url: REDACTED }, other), other).toBe(false);
      expect(isStateFor({ url: WITH_SECRETS }, other), other).toBe(false);
    }
  });
});

describe('the last error a fetch state keeps', () => {
  const failed: FetchState = {
    ...initialFetchState('news', 'https://news.example/feed'),
    lastAttemptAt: '2025-12-16T12:00:00.000Z',
    consecutiveErrors: 1,
    lastError: {
      kind: 'timeout',
      message: 'news: timed out after 30000 ms (https://news.example/feed)',
      reason: 'timed out after 30000 ms',
      code: 'FETCH_TIMEOUT',
      at: '2025-12-16T12:00:00.000Z',
    },
  };

  it('keeps its reason and code through the store, as JSON', () => {
    expect(FetchStateSchema.parse(JSON.parse(JSON.stringify(failed)))).toEqual(failed);
  });

  it('still parses as an older version saved it, without reason or code', () => {
    const { reason: _reason, code: _code, ...older } = failed.lastError!;
    const parsed = FetchStateSchema.parse(JSON.parse(JSON.stringify({ ...failed, lastError: older })));
    expect(parsed.lastError).toEqual(older);
    expect(parsed.lastError).not.toHaveProperty('reason');
    expect(parsed.lastError).not.toHaveProperty('code');
  });
});
