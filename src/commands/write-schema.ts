import { writeFile } from 'node:fs/promises';
import { renderConfigJsonSchema } from '../config/json-schema.js';
import { SCHEMA_FILE } from '../config/schema-file.js';



/** `tributary schema [--write]`: prints the config JSON Schema, or rewrites config/feeds.schema.json. */
export async function runWriteSchema(options: { write?: boolean }): Promise<number> {
  const text = renderConfigJsonSchema();
  if (options.write) await writeFile(SCHEMA_FILE, text);
  else process.stdout.write(text);
  return 0;
}
