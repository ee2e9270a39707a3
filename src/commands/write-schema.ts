import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { renderConfigurationDoc, type SchemaNode } from '../config/config-docs.js';
import { configJsonSchema, renderConfigJsonSchema } from '../config/json-schema.js';
import { CONFIG_DOC_FILE, SCHEMA_FILE } from '../config/schema-file.js';

/**
 * `tributary schema [--write]`: prints the config JSON Schema, or rewrites config/feeds.schema.json
 * and the configuration reference generated from it, docs/configuration.md.
 */
export async function runWriteSchema(options: { write?: boolean }): Promise<number> {
  const text = renderConfigJsonSchema();
  if (!options.write) {
    process.stdout.write(text);
    return 0;
  }
  await writeFile(SCHEMA_FILE, text);
  await mkdir(dirname(CONFIG_DOC_FILE), { recursive: true });
  await writeFile(CONFIG_DOC_FILE, renderConfigurationDoc(configJsonSchema() as SchemaNode));
  return 0;
}
