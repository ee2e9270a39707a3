import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { ArchiveConfig, Config } from '../config/schema.js';
import type { Item } from '../model/item.js';
import { compileFilter } from '../publisher/output-filter.js';
import type { ArchiveFormat } from './front-matter-of.js';

/**
 * The version of what an archive file holds and how it is laid out: raise it with any change to the
 * files' bytes (front matter, body, paths), so that every archive is written again once.
 */
const FILE_FORMAT = 1;

/** What the archiver is given of the config, resolved. */
export interface ArchiveSettings {
  /** Absolute. */
  dir: string;
  layout: string;
  format: ArchiveFormat;
  onExpiry: ArchiveConfig['onExpiry'];
  /** Whether an item is archived: archive.filter, and the filter of archive.output. */
  accepts: (item: Item) => boolean;
  /** A digest of all that decides the files' bytes and which items have one: another one reads the store again. */
  digest: string;
}

/** The archive's settings from the config, or undefined when it has no archive. */
export function archiveSettingsOf(config: Config): ArchiveSettings | undefined {
  const archive = config.archive;
  if (!archive) return undefined;
  const outputFilter = archive.output === undefined ? undefined : config.outputs.find((output) => output.name === archive.output)?.filter;
  const own = compileFilter(archive.filter);
  const output = compileFilter(outputFilter);
  const format = { upperCaseTags: archive.upperCaseTags, draft: archive.draft };
  const digest = sha256(JSON.stringify({ fileFormat: FILE_FORMAT, layout: archive.layout, format, filter: archive.filter ?? null, outputFilter: outputFilter ?? null }));
  return { dir: resolve(archive.dir), layout: archive.layout, format, onExpiry: archive.onExpiry, accepts: (item) => own(item) && output(item), digest };
}

/**
 * What the archiver keeps in the store about its folder, so that a publish with nothing new can
 * tell so without reading the index file: the cursor, and the size and time of the index file it
 * goes with (another file, or none, and the index is read again).
 */
export const ArchiveMarkSchema = z.object({
  cursor: z.string(),
  settings: z.string(),
  index: z.object({ size: z.number(), mtimeMs: z.number() }),
  /** The first expiry of an archived item; null for an empty archive. */
  nextExpiryMs: z.number().nullable(),
  /** Items the archive holds. */
  items: z.number(),
});
export type ArchiveMark = z.infer<typeof ArchiveMarkSchema>;

/** The store record of the mark of the archive in `dir`: one per folder, as an absolute path. */
export function archiveMarkName(dir: string): string {
  return `archive:${sha256(resolve(dir))}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
