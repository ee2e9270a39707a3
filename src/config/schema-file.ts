/** Where the config's JSON Schema is committed, beside config/feeds.json (its `$schema`). */
export const SCHEMA_FILE = 'config/feeds.schema.json';
/** Where the configuration reference generated from the same schema is committed. */
export const CONFIG_DOC_FILE = 'docs/configuration.md';
