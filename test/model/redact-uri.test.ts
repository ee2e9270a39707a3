import { describe, expect, it } from 'vitest';
import { publicUri, redactUri } from '../../src/model/redact-uri.js';

describe('redactUri', () => {
  it('hides a password given without a user name', () => {
    expect(redactUri('redis://:secret@cache.example:6379')).toBe('redis://:***@cache.example:6379');
  });

  it('hides the password and keeps the user name, database and query', () => {
    expect(redactUri('rediss://app:pa%40ss@cache.example:6380/2?x=1')).toBe('rediss://app:***@cache.example:6380/2?x=1');
  });

  it('leaves a URI without a password as it was', () => {
    expect(redactUri('redis://cache.example:6379')).toBe('redis://cache.example:6379');
    expect(redactUri('sqlite://data/tributary.db')).toBe('sqlite://data/tributary.db');
  });

  it('hides the password even in a URI the URL parser refuses', () => {
    expect(redactUri('redis://app:secret@[not-a-host')).toBe('redis://app:***@[not-a-host');
  });

  it('gives the same answer for a URI it has seen before (it remembers recent ones)', () => {
    const uris = ['https://ghp_x@feeds.example/a', 'https://feeds.example/b?api_key=k&page=2', 'https://feeds.example/c?page=2', 'not a url ?x'];
    const first = uris.map((uri) => redactUri(uri));
    expect(first).toEqual(['https://***@feeds.example/a', 'https://feeds.example/b?api_key=***&page=2', 'https://feeds.example/c?page=2', 'not a url ?x']);
    expect(uris.map((uri) => redactUri(uri))).toEqual(first);
    // Past the memo's size, the oldest are forgotten and redacted afresh, the same way.
    for (let i = 0; i < 1100; i++) redactUri(`https://feeds.example/${i}?token=t${i}`);
    expect(uris.map((uri) => redactUri(uri))).toEqual(first);
    expect(redactUri(`https://feeds.example/x?token=${'t'.repeat(3000)}`)).toBe('https://feeds.example/x?token=***');
  });

  it('hides a credential in a parameter that is itself an address, as a login page gives its return address', () => {
    expect(redactUri('https://x.example/login?next=%2Ffeed%3Ftoken%3Ds3cret&lang=en')).toBe('https://x.example/login?next=%2Ffeed%3Ftoken%3D***&lang=en');
    expect(redactUri('https://x.example/sso?return=https%3A%2F%2Fy.example%2Ffeed%3Fapi_key%3Ds3cret')).toBe('https://x.example/sso?return=https%3A%2F%2Fy.example%2Ffeed%3Fapi_key%3D***');
    expect(redactUri('https://x.example/login?next=%2Ffeed%3Fpage%3D2')).toBe('https://x.example/login?next=%2Ffeed%3Fpage%3D2');
  });

  it('hides the values of parameters named for a credential, in any of the usual spellings', () => {
    const names = [
      'api_key',
      'apiKey',
      'apikey',
      'key',
      'access_token',
      'authToken',
      'oauth_signature',
      'X-Amz-Signature',
      'X-Amz-Credential',
      'client_secret',
      'password',
      'passwd',
      'pass',
      'sig',
      'session',
      'auth',
      'jwt',
    ];
    for (const name of names) expect(redactUri(`https://feeds.example/rss?${name}=s3cr3t&page=2`), name).toBe(`https://feeds.example/rss?${name}=***&page=2`);
  });

  it('keeps the values of parameters whose names merely contain such a word, so the URL still works', () => {
    for (const uri of [
      'https://blog.example/?feed=rss2&author=3',
      'https://news.example/search.rss?keyword=bitcoin',
      'https://x.example/feed?design=1&passage=2',
      'https://x.example/feed?signup=1&monkeys=2&sessions=4',
    ]) {
      expect(redactUri(uri)).toBe(uri);
      expect(publicUri(uri)).toBe(uri);
    }
  });
});
