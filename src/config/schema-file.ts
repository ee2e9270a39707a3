/** Where the config's JSON Schema is committed, beside config/feeds.json (its `$schema`). */
export const SCHEMA_FILE = 'config/feeds.schema.json';
