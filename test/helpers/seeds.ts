import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The documents the project was created from, beside it (never copied into it). */
const SEEDS_DIR = resolve('../shared/seeds');

function seedFiles(): string[] {
  if (!existsSync(SEEDS_DIR)) {
    // In CI the seeds are part of the checkout's surroundings: their absence is a failure, not a skip.
    if (process.env.CI) throw new Error(`the seed documents are missing: ${SEEDS_DIR}`);
    console.warn(`[tests] ${SEEDS_DIR} is absent: the tests on the seed documents are skipped`);
    return [];
  }
  return readdirSync(SEEDS_DIR)
    .map((name) => join(SEEDS_DIR, name))
    .filter((file) => isArchiveFormat(readFileSync(file, 'utf8')));
}

/** Front matter in the archive's keys (000 and 002), not another site's (003's slug and excerpt). */
function isArchiveFormat(text: string): boolean {
  return text.startsWith('---\n') && /\nexternalId: /.test(text) && /\nsource:\n/.test(text);
}

const files = seedFiles();

/** The seeds in the archive's own format (Markdown with front matter): 000 and 002. */
export const SEEDS = { present: files.length > 0, files };

export interface SeedFrontMatter {
  title: string;
  description: string;
  lang?: string;
  category?: string;
  sentiment?: string;
}

/**
 * The top-level scalar fields of a seed's front matter: plain or single-quoted YAML scalars, as
 * the seeds write them. Enough for the tests; the archive's own reader is what parses front matter.
 */
export function seedFrontMatter(text: string): SeedFrontMatter {
  const end = text.indexOf('\n---', 4);
  const fields = new Map<string, string>();
  for (const line of text.slice(4, end).split('\n')) {
    const match = /^([A-Za-z]+): (.+)$/.exec(line);
    if (!match) continue;
    const raw = match[2]!;
    fields.set(match[1]!, raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw);
  }
  return {
    title: fields.get('title') ?? '',
    description: fields.get('description') ?? '',
    lang: fields.get('lang'),
    category: fields.get('category'),
    sentiment: fields.get('sentiment'),
  };
}
