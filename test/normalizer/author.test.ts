import { describe, expect, it } from 'vitest';
import { cleanAuthor } from '../../src/normalizer/author.js';

describe('cleanAuthor', () => {
  it.each([
    ['editor@example.com (The Editor)', 'The Editor'],
    ['Linus <linus@example.com>', 'Linus'],
    ['  Ada   Lovelace ', 'Ada Lovelace'],
    ['<b>Bold</b> &amp; Sons', 'Bold & Sons'],
    ['only@example.com', 'only@example.com'],
  ])('turns %j into %j', (raw, author) => {
    expect(cleanAuthor(raw)).toBe(author);
  });

  it.each([[undefined], ['   '], ['http://www.example.com/hungarian/'], ['<img src="x.png">']])('gives no author for %j', (raw) => {
    expect(cleanAuthor(raw)).toBeUndefined();
  });
});
