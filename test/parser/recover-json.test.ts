import { describe, expect, it } from 'vitest';
import { repairJson } from '../../src/parser/recover-json.js';

describe('repairJson', () => {
  it('escapes raw control characters inside strings, and nothing outside them', () => {
    const repaired = repairJson('{\n\t"title": "one\ttwo\nthree\u0007",\n"items": []\n}');
    expect(repaired).toEqual({ text: '{\n\t"title": "one\\ttwo\\nthree\\u0007",\n"items": []\n}' });
    expect(JSON.parse(repaired.text)).toEqual({ title: 'one\ttwo\nthree\u0007', items: [] });
  });

  it('leaves escaped quotes and backslashes to the string they are in', () => {
    const json = '{"title": "say \\"hi\\" \\\\", "items": [{"title": "x"}]}';
    expect(repairJson(json)).toEqual({ text: json });
  });

  it('cuts a truncated document back to its last whole item and closes it', () => {
    const repaired = repairJson('{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "title": "a"}, {"id": "2", "title": "b"}, {"id": "3", "tit');
    expect(JSON.parse(repaired.truncated!)).toEqual({
      version: 'https://jsonfeed.org/version/1.1',
      items: [
        { id: '1', title: 'a' },
        { id: '2', title: 'b' },
      ],
    });
  });

  it('keeps an item whose nested objects closed before the cut only if the item itself closed', () => {
    const repaired = repairJson('{"items": [{"id": "1", "author": {"name": "A"}}, {"id": "2", "author": {"name": "B"}, "title": "cut');
    expect(JSON.parse(repaired.truncated!)).toEqual({ items: [{ id: '1', author: { name: 'A' } }] });
  });

  it('offers no truncated reading when nothing whole came before the cut', () => {
    expect(repairJson('{"title": "x", "items": [{"id": "1"').truncated).toBeUndefined();
  });
});
