import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FetchConfigSchema } from '../config/schema.js';
import { isFetchError, isParseError } from '../errors/index.js';
import { notModifiedToPlainGetError } from '../fetcher/check-status.js';
import { createAgent } from '../fetcher/create-agent.js';
import { decodeBody } from '../fetcher/decode-body.js';
import { fetchFeed } from '../fetcher/fetch-feed.js';
import { USER_AGENT } from '../version.js';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { inspectText, type InspectOptions, type InspectReport } from './inspect-report.js';
import { formatInspectText } from './inspect-text.js';

const FETCH_DEFAULTS = FetchConfigSchema.parse({});

export interface InspectCommandOptions {
  /** @default 'text' on a terminal, else 'json' */
  format?: 'json' | 'text';
  sourceKey?: string;
  sourceName?: string;
}

/** `tributary inspect <file|url>`: what Tributary makes of one feed, on stdout. */
export async function runInspect(target: string, options: InspectCommandOptions): Promise<number> {
  let report: InspectReport;
  try {
    report = await inspectTarget(target, {
      sourceKey: options.sourceKey,
      sourceName: options.sourceName,
      now: new Date(),
      maxItems: FETCH_DEFAULTS.maxItemsPerFeed,
    });
  } catch (error) {
    if (!isParseError(error) && !isFetchError(error) && !isFileError(error)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT_FAILURE;
  }
  const format = options.format ?? (process.stdout.isTTY ? 'text' : 'json');
  process.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatInspectText(report));
  return EXIT_OK;
}

/**
 * Reads a local file (decoded as a fetched body would be) or fetches an http(s) URL with the
 * daemon's default limits, then reports on it. Throws ParseError, FetchError, or the file system's
 * error for a file that can't be read.
 */
export async function inspectTarget(target: string, options: InspectOptions): Promise<InspectReport> {
  if (/^https?:\/\//i.test(target)) return inspectUrl(target, options);
  const file = target.startsWith('file:') ? fileURLToPath(target) : path.resolve(target);
  const { text, encoding } = decodeBody(await readFile(file));
  return inspectText(text, { url: pathToFileURL(file).href, encoding }, options);
}

async function inspectUrl(url: string, options: InspectOptions): Promise<InspectReport> {
  const agent = createAgent({ connectTimeoutMs: FETCH_DEFAULTS.connectTimeoutMs });
  try {
    const result = await fetchFeed({ sourceKey: options.sourceKey ?? 'inspect', url }, { ...FETCH_DEFAULTS, userAgent: FETCH_DEFAULTS.userAgent ?? USER_AGENT, dispatcher: agent });
    // Asked without validators, fetchFeed fails a 304 itself: this only tells the type so.
    if (result.kind === 'not-modified') throw notModifiedToPlainGetError({ sourceKey: options.sourceKey ?? 'inspect', url });
    return await inspectText(result.text, { url: result.finalUrl, contentType: result.contentType, contentLanguage: result.contentLanguage }, options);
  } finally {
    await agent.close();
  }
}

function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && 'path' in error;
}
