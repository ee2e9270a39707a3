import { describe, expect, it } from 'vitest';
import { redactUri } from '../../src/config/redact-uri.js';

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
});
