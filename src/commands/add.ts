import { appendSources, type NewSource } from '../config/edit-config.js';
import { findSourceByUrl } from '../config/feed-url.js';
import { SourceConfigSchema, type Config } from '../config/schema.js';
import { proposeKey } from '../config/source-key.js';
import { discoverFeed, type Discovery } from '../discovery/discover-feed.js';
import { createHttpProbes } from '../discovery/http-probes.js';
import { isConfigError, isFetchError, isParseError } from '../errors/index.js';
import { createAgent } from '../fetcher/create-agent.js';
import type { SourceType } from '../model/item.js';
import { cleanTitle } from '../normalizer/text.js';
import { readConfigFileOrReport, writeConfigFileOrReport } from './load-or-report.js';
import { EXIT_BAD_CONFIG, EXIT_FAILURE, EXIT_OK } from './exit-codes.js';

export interface AddOptions {
  config: string;
  key?: string;
  name?: string;
  category?: string;
  dryRun?: boolean;
}

const TYPE_LABELS: Record<SourceType, string> = { RSS: 'RSS', ATOM: 'Atom', RDF: 'RSS 1.0 (RDF)', JSON: 'JSON Feed' };
const VIA_LABELS = { url: 'the URL itself', link: 'announced by the page (<link rel="alternate">)', 'common-path': 'found at a common feed path' };

/**
 * `tributary add <url>`: finds the feed behind a URL (the URL itself, the page's `<link rel="alternate">`,
 * then common paths), shows what it is, and appends it as a source to the config, keeping the file's
 * formatting. Exit 0 added (or would add, with --dry-run); 1 no feed, unreachable, or already there;
 * 2 the config, or the source the options describe, is invalid, or the config changed on disk meanwhile.
 */
export async function runAdd(input: string, options: AddOptions): Promise<number> {
  const file = await readConfigFileOrReport(options.config);
  if (!file) return EXIT_BAD_CONFIG;
  const url = withScheme(input);
  if (url === undefined) return fail(`not an http(s) URL: ${input}`);
  const known = findSourceByUrl(file.config.sources, [url]);
  if (known) return fail(alreadyThere(known.key, known.url));
  const keyProblem = options.key === undefined ? undefined : checkKey(options.key, file.config);
  if (keyProblem) {
    process.stderr.write(`--key ${JSON.stringify(options.key)}: ${keyProblem}\n`);
    return EXIT_BAD_CONFIG;
  }

  const discovery = await discover(url, file.config);
  if (typeof discovery === 'string') return fail(discovery);
  const { found } = discovery;
  if (!found) return fail(describeNothingFound(url, discovery));

  const feedUrl = found.movedTo ?? found.url;
  const same = findSourceByUrl(file.config.sources, [found.url, found.finalUrl, feedUrl]);
  if (same) return fail(alreadyThere(same.key, same.url));
  const title = found.feed.title === undefined ? undefined : cleanTitle(found.feed.title) || undefined;
  const source: NewSource = {
    key: options.key ?? proposeKey(title, feedUrl, new Set(file.config.sources.map((s) => s.key))),
    name: options.name ?? title ?? new URL(feedUrl).hostname,
    url: feedUrl,
    ...(options.category === undefined ? {} : { category: options.category }),
  };

  let edited: string;
  try {
    edited = appendSources(options.config, file.text, [source]).text;
  } catch (error) {
    if (!isConfigError(error)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT_BAD_CONFIG;
  }
  const out = process.stdout;
  out.write(`found ${TYPE_LABELS[found.feed.type]} feed ${JSON.stringify(title ?? '(untitled)')} with ${found.feed.items.length} items\n`);
  out.write(`  ${feedUrl}\n  ${VIA_LABELS[found.via]}${found.movedTo ? `, moved permanently from ${found.url}` : ''}\n`);
  for (const other of discovery.alternatives) {
    out.write(`  the page also announces: ${other.url} (${other.type}${other.title ? `, ${JSON.stringify(other.title)}` : ''})\n`);
  }
  if (options.dryRun) {
    out.write(`would add to ${options.config} (dry run, nothing written):\n  ${JSON.stringify(source)}\n`);
    return EXIT_OK;
  }
  if (!(await writeConfigFileOrReport(options.config, edited, file.text))) return EXIT_BAD_CONFIG;
  out.write(`added to ${options.config}:\n  ${JSON.stringify(source)}\n`);
  return EXIT_OK;
}

/** The discovery, or what to tell the operator when the URL could not be fetched at all. */
async function discover(url: string, config: Config): Promise<Discovery | string> {
  const agent = createAgent({ connectTimeoutMs: config.fetch.connectTimeoutMs });
  try {
    return await discoverFeed(url, createHttpProbes(config.fetch, agent));
  } catch (error) {
    if (!isFetchError(error) && !isParseError(error)) throw error;
    return `could not read ${url}: ${error.reason}${error.url === url ? '' : ` (at ${error.url})`}`;
  } finally {
    await agent.close();
  }
}

/** `example.com/blog` is read as `https://example.com/blog`; anything but http(s) is refused. */
function withScheme(input: string): string | undefined {
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(input) ? input : `https://${input}`;
  try {
    const url = new URL(candidate);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function checkKey(key: string, config: Config): string | undefined {
  const parsed = SourceConfigSchema.shape.key.safeParse(key);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'not a valid key';
  const index = config.sources.findIndex((source) => source.key === key);
  return index === -1 ? undefined : `already used by sources[${index}]`;
}

function alreadyThere(key: string, url: string): string {
  return `already in the config: source "${key}" (${url}); nothing added`;
}

function describeNothingFound(url: string, discovery: Discovery): string {
  const tried = discovery.attempts.map((attempt) => `  ${attempt.url}: ${attempt.reason}`).join('\n');
  return `no feed found at ${url}; tried:\n${tried}`;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return EXIT_FAILURE;
}
