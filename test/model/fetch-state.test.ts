import { describe, expect, it } from 'vitest';
import { initialFetchState, isStateFor, stateUrl } from '../../src/model/fetch-state.js';
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
