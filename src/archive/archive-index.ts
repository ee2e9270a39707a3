import { z } from 'zod';
import { archivePathProblem } from '../model/archive-layout.js';

/** The archive's index, in its folder: what remembers each item's path, and how far the archive has read the store's change log. */
export const INDEX_FILE = '.tributary-archive.json';

/** The version of the index file's own format. */
const INDEX_FORMAT = 1;

const isoDate = z.string();

/** One archived item: its file and what a reader of the index wants without opening it. */
export const IndexEntrySchema = z.object({
  /** Under the archive's folder, POSIX separators; never changes once written. */
  path: z.string().min(1),
  /** The item's key in the store. */
  key: z.string().min(1),
  source: z.string(),
  externalId: z.string(),
  title: z.string(),
  publishedAt: isoDate,
  updatedAt: isoDate,
  /** When the item expires from the store (ISO), when known. */
  expiresAt: isoDate.optional(),
});
export type IndexEntry = z.infer<typeof IndexEntrySchema>;

const IndexFileSchema = z.object({
  format: z.literal(INDEX_FORMAT),
  /** The store's change log cursor the files are up to date with; null before the first run. */
  cursor: z.string().nullable(),
  /** A digest of what the files were written with (filter, layout, format): another one reads the store again. */
  settings: z.string(),
  items: z.array(IndexEntrySchema),
});

/** The index in memory: entries by item key, and the paths they hold. */
export class ArchiveIndex {
  readonly entries = new Map<string, IndexEntry>();
  readonly paths = new Set<string>();

  constructor(
    public cursor: string | undefined,
    public settings: string,
    entries: Iterable<IndexEntry> = [],
  ) {
    for (const entry of entries) this.set(entry);
  }

  get(key: string): IndexEntry | undefined {
    return this.entries.get(key);
  }

  set(entry: IndexEntry): void {
    const previous = this.entries.get(entry.key);
    if (previous && previous.path !== entry.path) this.paths.delete(previous.path);
    this.entries.set(entry.key, entry);
    this.paths.add(entry.path);
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.paths.delete(entry.path);
  }
}

/** The index file's text: one entry a line, sorted by path, so it reads and diffs well. */
export function renderIndex(index: ArchiveIndex): string {
  const items = [...index.entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((entry) => JSON.stringify(entry));
  const head = `{"format":${INDEX_FORMAT},"cursor":${JSON.stringify(index.cursor ?? null)},"settings":${JSON.stringify(index.settings)},"items":[`;
  return items.length === 0 ? `${head}]}\n` : `${head}\n${items.join(',\n')}\n]}\n`;
}

/** The index from its file's text; throws (a plain Error, with the reason) when it is not one. */
export function parseIndex(text: string): ArchiveIndex {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON: ${(error as Error).message}`);
  }
  const parsed = IndexFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; '));
  const paths = new Set<string>();
  for (const [i, { path }] of parsed.data.items.entries()) {
    // An entry's path is written to and deleted: one edited to leave the folder must not be followed.
    const problem = archivePathProblem(path);
    if (problem !== undefined) throw new Error(`items.${i}.path ${JSON.stringify(path)}: ${problem}`);
    if (paths.has(path)) throw new Error(`two items hold ${path}`);
    paths.add(path);
  }
  return new ArchiveIndex(parsed.data.cursor ?? undefined, parsed.data.settings, parsed.data.items);
}

/** Whether two entries say the same of an item: an index that has one need not be written for the other. */
export function sameEntry(a: IndexEntry, b: IndexEntry): boolean {
  return (
    a.path === b.path &&
    a.key === b.key &&
    a.source === b.source &&
    a.externalId === b.externalId &&
    a.title === b.title &&
    a.publishedAt === b.publishedAt &&
    a.updatedAt === b.updatedAt &&
    a.expiresAt === b.expiresAt
  );
}
