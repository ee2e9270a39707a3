import cron from 'node-cron';
import { z } from 'zod';

const httpUrl = z
  .string()
  .refine((value) => isHttpUrl(value), { message: 'not an http(s) URL' });

const cronExpression = z
  .string()
  .refine((value) => cron.validate(value), { message: 'not a valid cron expression' });

export const DEFAULT_SCHEDULE = '*/15 * * * *';

export const SourceConfigSchema = z
  .object({
    /** Stable identifier: part of every item id, so renaming it re-publishes the source's items. */
    key: z.string().regex(/^[a-z0-9-]+$/, 'must match [a-z0-9-]+ (lower-case letters, digits, dashes)'),
    /** Shown to readers as the item's source. */
    name: z.string().trim().min(1, 'must not be empty'),
    url: httpUrl,
    /** Category given to every item of this source; @default the feed's first category */
    category: z.string().trim().min(1).optional(),
    /** Tags added to every item of this source, before the feed's own categories. @default [] */
    tags: z.array(z.string().trim().min(1)).default([]),
    /** Cron expression (5 or 6 fields). @default the top-level `schedule.default` */
    schedule: cronExpression.optional(),
    /** @default true */
    enabled: z.boolean().default(true),
  })
  .strict();

export const OutputConfigSchema = z
  .object({
    title: z.string().trim().min(1, 'must not be empty'),
    /** Permanent id of the merged feed (a URL or URN): readers key subscriptions on it. */
    id: z.string().trim().min(1, 'must not be empty'),
    /** Public URL of the Atom output, used for rel="self". @default none */
    selfUrl: httpUrl.optional(),
    /** Public home page of the feed, used for rel="alternate". @default none */
    link: httpUrl.optional(),
    description: z.string().optional(),
    /** Folder the output files are written to, relative to the working directory. @default "feeds" */
    dir: z.string().min(1).default('feeds'),
    /** @default 100 */
    maxItems: z.number().int().min(1).max(10_000).default(100),
  })
  .strict();

export const FetchConfigSchema = z
  .object({
    /** Whole request, headers and body. @default 30000 */
    timeoutMs: z.number().int().min(100).default(30_000),
    /** TCP + TLS connect. @default 10000 */
    connectTimeoutMs: z.number().int().min(100).default(10_000),
    /** Bodies past this are dropped mid-stream. @default 10485760 (10 MiB) */
    maxBodyBytes: z.number().int().min(1024).default(10 * 1024 * 1024),
    /** @default 5 */
    maxRedirects: z.number().int().min(0).max(20).default(5),
    /** Items taken from one document at most. @default 500 */
    maxItemsPerFeed: z.number().int().min(1).default(500),
    /** Sources fetched at once across the whole daemon. @default 8 */
    concurrency: z.number().int().min(1).max(256).default(8),
    /** @default "Tributary/<version> (+https://github.com/tributary)" */
    userAgent: z.string().min(1).optional(),
  })
  .strict();

export const ScheduleConfigSchema = z
  .object({
    /** Cron expression for sources without their own. @default every 15 minutes */
    default: cronExpression.default(DEFAULT_SCHEDULE),
    /** A random delay of up to this many seconds before each scheduled poll. @default 30 */
    jitterSeconds: z.number().int().min(0).max(3600).default(30),
  })
  .strict();

export const StoreConfigSchema = z
  .object({
    /** keyv URI: `sqlite://<path>` (default) or `redis://…`. Overridden by --store and TRIBUTARY_STORE. */
    uri: z.string().min(1).default('sqlite://data/tributary.db'),
    /** Days an item is kept after it was last seen or changed. @default 30 */
    retentionDays: z.number().min(1).default(30),
    /** Days the record that an id was seen is kept; longer than retention so old items never return. @default 365 */
    seenRetentionDays: z.number().min(1).default(365),
  })
  .strict();

export const ConfigSchema = z
  .object({
    $schema: z.string().optional(),
    output: OutputConfigSchema,
    sources: z.array(SourceConfigSchema),
    fetch: FetchConfigSchema.default(FetchConfigSchema.parse({})),
    schedule: ScheduleConfigSchema.default(ScheduleConfigSchema.parse({})),
    store: StoreConfigSchema.default(StoreConfigSchema.parse({})),
  })
  .strict()
  .superRefine((config, ctx) => {
    const firstIndex = new Map<string, number>();
    config.sources.forEach((source, index) => {
      const earlier = firstIndex.get(source.key);
      if (earlier === undefined) {
        firstIndex.set(source.key, index);
      } else {
        ctx.addIssue({
          code: 'custom',
          path: ['sources', index, 'key'],
          message: `duplicate key "${source.key}" (also sources[${earlier}].key)`,
        });
      }
    });
    if (config.store.seenRetentionDays < config.store.retentionDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['store', 'seenRetentionDays'],
        message: 'must be at least store.retentionDays, or expired items would come back as new',
      });
    }
  });

/** The config as operators write it (defaults optional). */
export type ConfigInput = z.input<typeof ConfigSchema>;
/** The config as the program sees it: validated, defaults filled in. */
export type Config = z.output<typeof ConfigSchema>;
export type SourceConfig = Config['sources'][number];
export type OutputConfig = Config['output'];
export type FetchConfig = Config['fetch'];

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
