import cron from 'node-cron';
import { z } from 'zod';
import { ArchiveConfigSchema, checkArchive } from './archive-schema.js';
import { EnrichmentConfigSchema } from './enrichment-schema.js';
import { OutputFilterSchema } from './output-filter-schema.js';

export { OutputFilterSchema };

const httpUrl = z.string().refine((value) => isHttpUrl(value), { message: 'not an http(s) URL' });

const cronExpression = z.string().refine((value) => cron.validate(value), { message: 'not a valid cron expression' });

/** Headers the fetcher sets itself (or that would change the framing): a source cannot override them. */
const RESERVED_HEADERS = new Set(['host', 'accept-encoding', 'content-length', 'transfer-encoding', 'connection', 'if-none-match', 'if-modified-since', 'upgrade', 'te', 'trailer', 'keep-alive']);

// The messages never quote the value: it may be a secret.
const requestHeaders = z.record(
  z
    .string()
    .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid HTTP header name')
    .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), { message: 'set by Tributary itself; cannot be configured' }),
  z.string().refine((value) => /^[\t\x20-\x7e\x80-\xff]*$/.test(value), { message: 'not a valid HTTP header value (control characters or line breaks)' }),
);

export const DEFAULT_SCHEDULE = '*/15 * * * *';

export const SourceConfigSchema = z
  .object({
    key: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'must match [a-z0-9-]+ (lower-case letters, digits, dashes)')
      .describe("Stable identifier, unique among the sources: part of every item id, so renaming it re-publishes the source's items."),
    name: z.string().trim().min(1, 'must not be empty').describe("Shown to readers as the item's source and, when an item has no author, as its author."),
    url: httpUrl.describe('http(s) URL of the feed.'),
    category: z.string().trim().min(1).optional().describe("Category given to every item of this source (default: the feed's first category)."),
    tags: z.array(z.string().trim().min(1)).default([]).describe("Tags added to every item of this source, before the feed's own categories."),
    schedule: cronExpression
      .optional()
      .describe(
        "Cron expression, 5 fields or 6 with seconds (default: schedule.default). Given both a day of the month and a day of the week, a day must match both (`0 9 1-7 * 1`: the first Monday), not either as in Vixie cron. Hours and days are those of the daemon's time zone (TZ, or the system's): `0 9 * * *` polls at nine in the morning there, summer time or not; on the day summer time starts, a time the clock skips (`30 2 * * *` in New York) does not come, and on the day it ends, a time the clock repeats comes once. A line that names only minutes (`*/15 * * * *`) keeps its pace through both changes.",
      ),
    enabled: z.boolean().default(true).describe('false keeps the source in the file without polling it.'),
    headers: requestHeaders
      .optional()
      .describe(
        'HTTP headers sent with every request for this feed, e.g. {"Authorization": "Bearer ${NEWS_TOKEN}"}; ${NAME} is taken from the environment. Never logged or shown; sent only to the feed URL\'s own origin (a redirect to another host goes without them). Host, Accept-Encoding, If-None-Match, If-Modified-Since and the framing headers are Tributary\'s own and cannot be set.',
      ),
  })
  .strict();

export const OutputConfigSchema = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').describe('Title of the merged feed.'),
    id: z.string().trim().min(1, 'must not be empty').describe('Permanent id of the merged feed (a URL or URN): readers key subscriptions on it.'),
    selfUrl: httpUrl.optional().describe('Public URL of the Atom output (all.atom), used for rel="self"; the RSS and JSON Feed URLs are derived from it (the same folder).'),
    hubs: z.array(httpUrl).default([]).describe('WebSub hubs: every output advertises them (rel="hub") and pings them when it changes. Needs selfUrl: refused without it.'),
    link: httpUrl.optional().describe('Public home page of the feed, used for rel="alternate".'),
    description: z.string().optional().describe('Description of the merged feed: the Atom subtitle, the RSS description (else the title) and the JSON Feed description.'),
    dir: z.string().min(1).default('feeds').describe('Folder the output files are written to, relative to the working directory.'),
    maxItems: z.number().int().min(1).max(10_000).default(100).describe('Newest items across all sources in each output.'),
  })
  .strict();

export const NamedOutputConfigSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'must match [a-z0-9-]+ (lower-case letters, digits, dashes)')
      .refine((name) => name !== 'all', { message: '"all" is the name of the default output (the output block)' })
      .describe('File name of the output: <output.dir>/<name>.atom, .rss and .json.'),
    title: z.string().trim().min(1, 'must not be empty').describe('Title of this feed.'),
    id: z.string().trim().min(1, 'must not be empty').optional().describe('Permanent id of this feed (URL or URN); default: a urn:uuid derived from output.id and the name.'),
    selfUrl: httpUrl.optional().describe('Public URL of this output\'s Atom file, for rel="self"; default: beside output.selfUrl.'),
    link: httpUrl.optional().describe('Public home page of this feed; default: output.link.'),
    description: z.string().optional().describe('Description of this feed (default: none; output.description is not inherited).'),
    maxItems: z.number().int().min(1).max(10_000).optional().describe('Newest items in this output (default: output.maxItems).'),
    filter: OutputFilterSchema.optional(),
    kind: z
      .enum(['items', 'stories'])
      .default('items')
      .describe(
        '"items": the newest items, one entry each. "stories": one entry per current story (needs stories.enabled), titled with its earliest headline, its summary listing every report (source, headline, link, time), latest first by its newest report; the filter takes a story when it takes one of its reports.',
      ),
  })
  .strict();

export const FetchConfigSchema = z
  .object({
    timeoutMs: z.number().int().min(100).default(30_000).describe('Time limit for the whole request, headers and body, in ms.'),
    connectTimeoutMs: z.number().int().min(100).default(10_000).describe('Time limit for the TCP and TLS connect, in ms.'),
    maxBodyBytes: z
      .number()
      .int()
      .min(1024)
      .default(10 * 1024 * 1024)
      .describe('Bodies larger than this (after decompression) are cut off mid-stream.'),
    maxRedirects: z.number().int().min(0).max(20).default(5).describe('Redirects followed at most; a loop is an error.'),
    maxItemsPerFeed: z.number().int().min(1).default(500).describe('Items taken from one document at most.'),
    concurrency: z.number().int().min(1).max(256).default(8).describe('Sources fetched at once across the whole daemon.'),
    perHostConcurrency: z.number().int().min(1).max(64).default(2).describe('Sources fetched at once from any one host.'),
    parseThreads: z
      .union([z.literal('auto'), z.number().int().min(0).max(64)])
      .default('auto')
      .describe(
        "Worker threads that parse, normalize and enrich fetched documents, beside the main thread that fetches and stores. 'auto' (the default): one per core, at most 4; at least one, so every document has a deadline (fetch.parseTimeoutMs) and a spinning parser never holds the daemon. Each thread holds 50–90 MB. 0 parses in the main thread: the least memory, and no deadline.",
      ),
    parseTimeoutMs: z
      .number()
      .int()
      .min(100)
      .default(20_000)
      .describe(
        'Time limit for parsing and normalizing one document on a parse thread, in ms. A document that overruns it fails its source with PARSE_TIMEOUT, and its thread is stopped and replaced; other documents are not disturbed. Not enforced when parseThreads is 0.',
      ),
    parseThreadMemoryMb: z
      .number()
      .int()
      .min(32)
      .default(512)
      .describe(
        'Heap limit of each parse thread, in MB. A document whose parsing needs more fails its source with PARSE_MEMORY, and its thread is stopped and replaced; other documents are not disturbed. A body of fetch.maxBodyBytes (10 MB) made of the smallest items a parser reads needs 128–192 MB. Not enforced when parseThreads is 0.',
      ),
    userAgent: z.string().min(1).optional().describe('User-Agent header (default: Tributary/<version> with a project link).'),
  })
  .strict();

export const ScheduleConfigSchema = z
  .object({
    default: cronExpression.default(DEFAULT_SCHEDULE).describe('Cron expression for sources without their own, read as `sources[].schedule` is.'),
    jitterSeconds: z.number().int().min(0).max(3600).default(30).describe('A random delay of up to this many seconds before each scheduled poll, so sources on one cron line do not fire together.'),
    honourFeedHints: z.boolean().default(true).describe("Let a feed's <ttl>, sy:updatePeriod/sy:updateFrequency and Cache-Control max-age/Expires lengthen its polling interval."),
    maxHintMinutes: z.number().int().min(1).max(10_080).default(360).describe('The longest wait a feed hint can impose before the next poll, in minutes.'),
  })
  .strict();

export const StoreConfigSchema = z
  .object({
    uri: z.string().min(1).default('sqlite://data/tributary.db').describe('keyv URI: `sqlite://<path>` (default) or `redis://…`. Overridden by --store and TRIBUTARY_STORE.'),
    retentionDays: z.number().min(1).default(30).describe('Days an item is kept after it was stored or last changed.'),
    seenRetentionDays: z.number().min(1).default(365).describe('Days the record that an id was seen is kept; at least retentionDays, so old items never return as new.'),
  })
  .strict();

export const ItemsConfigSchema = z
  .object({
    descriptionLength: z.number().int().min(20).max(10_000).default(300).describe('Length of the plain-text description, in characters, ellipsis included.'),
    allowIframes: z.boolean().default(false).describe('Keep <iframe> embeds in content whose src is on iframeHosts; every other iframe is dropped.'),
    iframeHosts: z
      .array(z.string().regex(/^[a-z0-9.-]+$/i, 'a host name, like www.youtube.com'))
      .default(['youtube.com', 'youtube-nocookie.com', 'player.vimeo.com'])
      .describe('Hosts iframes may point at when allowIframes is on (each admits its subdomains).'),
    maxContentBytes: z
      .number()
      .int()
      .min(1)
      .max(16 * 1024 * 1024)
      .default(256 * 1024)
      .describe(
        "Most bytes (UTF-8) of sanitized HTML an item's content keeps; longer content is cut at a tag boundary (never inside a tag, a character reference or a surrogate pair) before sanitizing, and its open tags closed.",
      ),
  })
  .strict();

export const ServerConfigSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Serve the outputs, health, metrics and the status page over HTTP while the daemon runs.'),
    host: z.string().min(1).default('127.0.0.1').describe('Address to listen on; 0.0.0.0 for every interface.'),
    port: z.number().int().min(0).max(65_535).default(8080).describe('Port to listen on (the PORT environment variable overrides it).'),
    cacheMaxAgeSeconds: z.number().int().min(0).default(300).describe('Cache-Control max-age on the feeds: about the polling interval, so readers come back when there may be news.'),
  })
  .strict();

export const ClusterConfigSchema = z
  .object({
    leaseSeconds: z
      .number()
      .int()
      .min(2)
      .max(300)
      .default(10)
      .describe(
        'With several processes on one Redis (tributary run --role): how long the scheduler and publisher leases last. A dead holder is replaced within this time plus a third; the holder renews every third of it.',
      ),
    queue: z
      .string()
      .regex(/^[a-z0-9_-]+$/i, 'letters, digits, - and _')
      .default('tributary')
      .describe('Prefix of every Redis key the roles share (queue, leases, host limits): fleets on one Redis keep apart by it.'),
  })
  .strict();

export const StoriesConfigSchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        'Group stored items into events (the same news within days) and stories (one subject over weeks), before each publish: their ids and counts go into the outputs, and tributary stories lists them (docs/stories.md).',
      ),
  })
  .strict();

export const ConfigSchema = z
  .object({
    $schema: z.string().optional().describe('The JSON Schema of this file, for editors to complete and check it: ./feeds.schema.json beside the shipped config. Not read by Tributary.'),
    output: OutputConfigSchema.describe('The default output, named "all": every source\'s newest items in one feed. Its dir and hubs serve every output.'),
    sources: z.array(SourceConfigSchema).describe('The feeds to poll, each under a unique key.'),
    fetch: FetchConfigSchema.default(FetchConfigSchema.parse({})).describe('How feeds are fetched: time limits, size caps, redirects, how many at once, parse threads.'),
    schedule: ScheduleConfigSchema.default(ScheduleConfigSchema.parse({})).describe('When sources are polled: the default cron schedule, jitter, and how far feed hints may stretch it.'),
    store: StoreConfigSchema.default(StoreConfigSchema.parse({})).describe('Where items, seen ids and fetch states are kept (SQLite file or Redis), and for how long.'),
    outputs: z.array(NamedOutputConfigSchema).default([]).describe('More outputs beside the default one (output, named "all"), each with a filter.'),
    items: ItemsConfigSchema.default(ItemsConfigSchema.parse({})).describe('What is kept of each item: description length, content size, iframes.'),
    enrichment: EnrichmentConfigSchema.default(EnrichmentConfigSchema.parse({})).describe('What is computed for each new or changed item: its language, sentiment and topics.'),
    server: ServerConfigSchema.default(ServerConfigSchema.parse({})).describe('The HTTP server of tributary run: the outputs, health, readiness, metrics and the status page.'),
    cluster: ClusterConfigSchema.default(ClusterConfigSchema.parse({})).describe('A fleet of processes sharing one Redis store (tributary run --role): leases and the prefix of the keys they share.'),
    stories: StoriesConfigSchema.default(StoriesConfigSchema.parse({})).describe('Events and stories: which stored items report the same news (docs/stories.md).'),
    archive: ArchiveConfigSchema.optional().describe(
      "A Markdown archive: one file per stored item, with YAML front matter in the seed documents' format, for a static site or a content collection (docs/archive.md). Absent: no archive.",
    ),
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
    // Every output's topic URL derives from output.selfUrl (a named output's, by default): without
    // it the default output could be neither advertised at a hub nor pinged.
    if (config.output.hubs.length > 0 && !config.output.selfUrl) {
      ctx.addIssue({ code: 'custom', path: ['output', 'hubs'], message: 'WebSub hubs need output.selfUrl, the public URL that readers subscribe to and hubs are pinged with' });
    }
    config.outputs.forEach((output, index) => {
      if (output.kind === 'stories' && !config.stories.enabled) ctx.addIssue({ code: 'custom', path: ['outputs', index, 'kind'], message: 'a stories output needs stories.enabled' });
    });
    if (config.store.seenRetentionDays < config.store.retentionDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['store', 'seenRetentionDays'],
        message: 'must be at least store.retentionDays, or expired items would come back as new',
      });
    }
  })
  .superRefine(checkOutputs)
  .superRefine(checkArchive);

/** Output names are unique, and a filter names only sources that exist. */
function checkOutputs(config: { sources: ReadonlyArray<{ key: string }>; outputs: ReadonlyArray<z.output<typeof NamedOutputConfigSchema>> }, ctx: z.RefinementCtx): void {
  const keys = new Set(config.sources.map((source) => source.key));
  const firstIndex = new Map<string, number>();
  config.outputs.forEach((output, index) => {
    const earlier = firstIndex.get(output.name);
    if (earlier === undefined) firstIndex.set(output.name, index);
    else ctx.addIssue({ code: 'custom', path: ['outputs', index, 'name'], message: `duplicate name "${output.name}" (also outputs[${earlier}].name)` });
    output.filter?.sources?.forEach((key, keyIndex) => {
      if (!keys.has(key)) ctx.addIssue({ code: 'custom', path: ['outputs', index, 'filter', 'sources', keyIndex], message: `no source has the key "${key}"` });
    });
  });
}

/** The config as operators write it (defaults optional). */
export type ConfigInput = z.input<typeof ConfigSchema>;
/** The config as the program sees it: validated, defaults filled in. */
export type Config = z.output<typeof ConfigSchema>;
export type SourceConfig = Config['sources'][number];
export type OutputConfig = Config['output'];
export type FetchConfig = Config['fetch'];
export type NamedOutputConfig = Config['outputs'][number];
export type OutputFilterConfig = z.output<typeof OutputFilterSchema>;
export type ServerConfig = Config['server'];
export type ClusterConfig = Config['cluster'];
export type StoriesConfig = Config['stories'];
export type { ArchiveConfig } from './archive-schema.js';

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
