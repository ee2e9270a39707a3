import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderConfigurationDoc, type SchemaNode } from '../../src/config/config-docs.js';
import { configJsonSchema } from '../../src/config/json-schema.js';
import { CONFIG_DOC_FILE } from '../../src/config/schema-file.js';

const schema = configJsonSchema() as SchemaNode;

/** Every field's path as the reference names it (`sources[].key`), with its schema node. */
function fieldsOf(node: SchemaNode, path = ''): Array<[string, SchemaNode]> {
  const object = node.type === 'array' ? node.items : node;
  const prefix = node.type === 'array' ? `${path}[]` : path;
  return Object.entries(object?.properties ?? {}).flatMap(([name, child]): Array<[string, SchemaNode]> => {
    const childPath = prefix ? `${prefix}.${name}` : name;
    return [[childPath, child], ...fieldsOf(child, childPath)];
  });
}

describe('the configuration reference', () => {
  it('is committed exactly as generated from the config schema (run `tributary schema --write` after a change)', async () => {
    expect(await readFile(CONFIG_DOC_FILE, 'utf8')).toBe(renderConfigurationDoc(schema));
  });

  it('has a section for every top-level key of the config', () => {
    const doc = renderConfigurationDoc(schema);
    for (const key of Object.keys(schema.properties ?? {})) expect(doc).toContain(`\n## \`${key}\`\n`);
  });

  it('gives every field a row, nested objects and the entries of sources and outputs included', () => {
    const doc = renderConfigurationDoc(schema);
    const paths = fieldsOf(schema).map(([path]) => path);
    expect(paths).toEqual(expect.arrayContaining(['sources[].key', 'sources[].headers', 'outputs[].filter.exclude', 'fetch.parseThreads']));
    for (const path of paths.filter((path) => path.includes('.') || path === '$schema')) expect(doc).toContain(`| \`${path}\` |`);
  });

  it('has a description for every field of the config, so none is left unexplained', () => {
    const undescribed = fieldsOf(schema)
      .filter(([, node]) => !node.description?.trim())
      .map(([path]) => path);
    expect(undescribed).toEqual([]);
  });

  it('shows each default, and says which fields are required', () => {
    const doc = renderConfigurationDoc(schema);
    expect(doc).toContain('| `schedule.default` | string | `*/15 * * * *` |');
    expect(doc).toContain('| `output.title` | non-empty string | required |');
    expect(doc).toContain('| `sources[].tags` | array of non-empty strings | `[]` |');
  });

  it('keeps table cells whole and angle brackets as text', () => {
    const doc = renderConfigurationDoc({
      type: 'object',
      properties: {
        a: { type: 'object', description: 'A.', properties: { b: { type: 'string', pattern: '^[`|]+$', description: 'Says <ttl> | `x|y`.' } } },
      },
    });
    expect(doc).toContain('| `a.b` | string matching `` ^[`\\|]+$ `` | — | Says &lt;ttl&gt; \\| `x\\|y`. |');
  });
});
