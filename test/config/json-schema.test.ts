import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderConfigJsonSchema } from '../../src/config/json-schema.js';

describe('the config JSON Schema', () => {
  it('is committed exactly as generated from the zod schema (run `tributary schema --write` after a change)', async () => {
    expect(await readFile('config/feeds.schema.json', 'utf8')).toBe(renderConfigJsonSchema());
  });

  it('is referenced by the shipped config', async () => {
    const config = JSON.parse(await readFile('config/feeds.json', 'utf8')) as { $schema?: string };
    expect(config.$schema).toBe('./feeds.schema.json');
  });

  it('describes the source fields an editor should complete', () => {
    const schema = JSON.parse(renderConfigJsonSchema()) as {
      properties: { sources: { items: { properties: Record<string, unknown>; required: string[] } } };
    };
    const source = schema.properties.sources.items;
    expect(Object.keys(source.properties)).toEqual(expect.arrayContaining(['key', 'name', 'url', 'category', 'tags', 'schedule', 'enabled']));
    expect(source.required).toEqual(['key', 'name', 'url']);
  });
});
