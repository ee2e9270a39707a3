import { describe, expect, it } from 'vitest';
import { recoverJson } from '../../src/parser/recover-json.js';

describe('recoverJson', () => {
  it('escapes raw control characters inside strings, and nothing outside them', () => {
    const repaired = recoverJson('{\n\t"title": "one\ttwo\nthree\u0007",\n"items": []\n}');
    expect(repaired).toEqual({ text: '{\n\t"title": "one\\ttwo\\nthree\\u0007",\n"items": []\n}' });
    expect(JSON.parse(repaired!.text)).toEqual({ title: 'one\ttwo\nthree\u0007', items: [] });
  });

  it('leaves escaped quotes and backslashes to the string they are in', () => {
    const json = '{"title": "say \\"hi\\" \\\\", "items": [{"title": "x"}]}';
    expect(recoverJson(json)).toEqual({ text: json });
  });

  it('cuts a truncated document back to its last whole item and closes it', () => {
    const repaired = recoverJson('{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "title": "a"}, {"id": "2", "title": "b"}, {"id": "3", "tit');
    expect(JSON.parse(repaired!.truncated!)).toEqual({
      version: 'https://jsonfeed.org/version/1.1',
      items: [
        { id: '1', title: 'a' },
        { id: '2', title: 'b' },
      ],
    });
  });

  it('keeps an item whose nested objects closed before the cut only if the item itself closed', () => {
    const repaired = recoverJson('{"items": [{"id": "1", "author": {"name": "A"}}, {"id": "2", "author": {"name": "B"}, "title": "cut');
    expect(JSON.parse(repaired!.truncated!)).toEqual({ items: [{ id: '1', author: { name: 'A' } }] });
  });

  it('offers no truncated reading when nothing whole came before the cut', () => {
    expect(recoverJson('{"title": "x", "items": [{"id": "1"')?.truncated).toBeUndefined();
  });

  it('cuts back to a whole value of any container directly under the root, such as the author', () => {
    const repaired = recoverJson('{"title": "t", "author": {"name": "A"}, "items": [{"id": "1", "tit');
    expect(JSON.parse(repaired!.truncated!)).toEqual({ title: 't', author: { name: 'A' } });
  });

  it('keeps the escapes made before the cut', () => {
    const repaired = recoverJson('{"items": [{"id": "1", "title": "a\tb"}, {"id": "2", "title": "c\td');
    expect(JSON.parse(repaired!.truncated!)).toEqual({ items: [{ id: '1', title: 'a\tb' }] });
  });

  it('refuses text with more raw control characters than a feed has', () => {
    expect(recoverJson(`{"title": "${'\u0001'.repeat(10_001)}"}`)).toBeUndefined();
    expect(recoverJson(`{"title": "${'\u0001'.repeat(10)}"}`)?.text).toBe(`{"title": "${'\\u0001'.repeat(10)}"}`);
  });
});
