import { z } from 'zod';
import { ConfigSchema } from './schema.js';

/**
 * The JSON Schema of config/feeds.json, generated from the same zod definition the daemon validates
 * with, so editors complete and check exactly what the daemon accepts. Checks zod cannot express in
 * JSON Schema (cron syntax, unique keys) are enforced at load time only.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://tributary.dev/schema/feeds.schema.json',
    title: 'Tributary configuration (config/feeds.json)',
  };
}

export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
