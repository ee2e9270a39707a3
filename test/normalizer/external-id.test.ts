import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveExternalId, sharedLinksOf } from '../../src/normalizer/external-id.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('deriveExternalId', () => {
  it('uses the guid, trimmed, when there is one', () => {
    expect(deriveExternalId({ guid: '  abc-123  ', title: 'T' }, 'https://example.com/a')).toBe('abc-123');
  });

  it('hashes a guid longer than 512 characters', () => {
    const guid = 'x'.repeat(513);
    expect(deriveExternalId({ guid }, undefined)).toBe(`h:${sha256(guid)}`);
    expect(deriveExternalId({ guid: 'y'.repeat(512) }, undefined)).toBe('y'.repeat(512));
  });

  it('uses the canonical link when there is no guid', () => {
    expect(deriveExternalId({ guid: '   ', title: 'T' }, 'https://Example.com/a#top')).toBe('https://example.com/a');
  });

  it('keeps the fragment of a link that another item of the document shares, fragment aside', () => {
    const shared = sharedLinksOf(['https://Example.com/archive.html#1', 'https://example.com/archive.html#2', 'https://example.com/other#top', 'urn:x', undefined]);
    expect([...shared]).toEqual(['https://example.com/archive.html']);
    expect(deriveExternalId({ title: 'T' }, 'https://example.com/archive.html#2', shared)).toBe('https://example.com/archive.html#2');
    expect(deriveExternalId({ title: 'T' }, 'https://example.com/other#top', shared)).toBe('https://example.com/other');
    // An empty fragment tells nothing apart.
    expect(deriveExternalId({ title: 'T' }, 'https://example.com/archive.html#', shared)).toBe('https://example.com/archive.html');
  });

  it('counts a guid written as a URL among the links an item may share', () => {
    expect([...sharedLinksOf(['https://example.com/p#a', 'https://example.com/p'])]).toEqual(['https://example.com/p']);
    expect([...sharedLinksOf(['https://example.com/p', 'tag:example.com,2025:p', 'h:0123'])]).toEqual([]);
  });

  it('hashes title and raw date when there is neither guid nor link', () => {
    expect(deriveExternalId({ title: ' Title ', published: 'Tue, 16 Dec 2025 15:34:37 GMT' }, undefined)).toBe(`h:${sha256('Title\nTue, 16 Dec 2025 15:34:37 GMT')}`);
  });

  it('hashes the summary, content and enclosures of an item with nothing else', () => {
    const item = { summary: ' A note. ', content: '<p>body</p>', enclosures: [{ url: 'https://e.com/a.mp3' }] };
    expect(deriveExternalId(item, undefined)).toBe(`h:${sha256('body\nA note.\n<p>body</p>\nhttps://e.com/a.mp3')}`);
    expect(deriveExternalId({ ...item }, undefined)).toBe(deriveExternalId(item, undefined));
  });

  it('hashes the updated date when there is no published date', () => {
    expect(deriveExternalId({ title: 'T', updated: '2025-12-16' }, undefined)).toBe(`h:${sha256('T\n2025-12-16')}`);
  });

  it('gives the same id every time for the same item', () => {
    const item = { title: 'No date' };
    expect(deriveExternalId(item, undefined)).toBe(deriveExternalId({ ...item }, undefined));
  });

  it('gives nothing when there is no id, link, title or date', () => {
    expect(deriveExternalId({ title: '  ' }, undefined)).toBeUndefined();
  });
});
