import { describe, expect, it } from 'vitest';
import { redactUri } from '../../src/model/redact-uri.js';

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
});
