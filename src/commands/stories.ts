import { ConfigError, isConfigError } from '../errors/index.js';
import { parseStoryRegistry, STORY_REGISTRY_META } from '../model/story-registry.js';
import { EXIT_BAD_CONFIG, EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { loadConfigOrReport, readStoreOrReport } from './load-or-report.js';
import { largestStories, renderStoriesTable } from './stories-table.js';

export interface StoriesOptions {
  config: string;
  store?: string;
  /** How many stories, as given on the command line. @default '20' */
  limit?: string;
  json?: boolean;
}

const TABLE_WIDTH = 120;

/**
 * `tributary stories`: the largest current stories, from the registry the story pass keeps in the
 * store. Reads only. Exit 0; 1 the store cannot be read; 2 bad config or usage.
 */
export async function runStories(options: StoriesOptions): Promise<number> {
  let limit: number;
  try {
    limit = parseLimit(options.limit ?? '20');
  } catch (error) {
    if (!isConfigError(error)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT_BAD_CONFIG;
  }
  const config = await loadConfigOrReport(options.config);
  if (!config) return EXIT_BAD_CONFIG;
  const read = await readStoreOrReport(options.store, config, async (store) => parseStoryRegistry(await store.getMeta(STORY_REGISTRY_META)));
  if (!read) return EXIT_FAILURE;
  const registry = read.value;

  const rows = registry ? largestStories(registry, limit) : [];
  if (options.json) {
    const streamTime = registry ? new Date(registry.streamTime).toISOString() : null;
    process.stdout.write(`${JSON.stringify({ generatedAt: new Date().toISOString(), streamTime, stories: rows }, null, 2)}\n`);
    return EXIT_OK;
  }
  if (!registry) {
    const why = config.stories.enabled ? 'the story pass runs before each publish: run tributary poll or run' : 'stories.enabled is false in the config';
    process.stdout.write(`no stories in the store yet (${why})\n`);
    return EXIT_OK;
  }
  const width = Math.min(TABLE_WIDTH, process.stdout.columns || TABLE_WIDTH);
  process.stdout.write(`${renderStoriesTable(rows, width)}\n\n${rows.length} of ${registry.stories.length} stories open\n`);
  return EXIT_OK;
}

function parseLimit(text: string): number {
  const limit = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(limit) || limit < 1) throw ConfigError.usage(`--limit: ${JSON.stringify(text)} is not a whole number of at least 1`);
  return limit;
}
