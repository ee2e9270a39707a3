import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashId, itemKey } from '../store/store-keys.js';
import type { IndexEntry } from './archive-index.js';
import { identityOf } from './file-identity.js';

/**
 * Index entries for the Markdown files already in an archive's folder that name an item (hidden
 * files and folders left out): what an archive without its index starts from, so that every item
 * keeps the file it has. Of two files naming one item, the first by path is kept.
 */
export async function scanArchive(dir: string): Promise<IndexEntry[]> {
  const entries = new Map<string, IndexEntry>();
  for (const path of (await markdownFiles(dir, '')).sort()) {
    const identity = identityOf(await readFile(join(dir, path), 'utf8'));
    if (!identity) continue;
    const key = itemKey(identity.sourceKey, hashId(identity.externalId));
    if (entries.has(key)) continue;
    entries.set(key, { path, key, source: identity.sourceKey, externalId: identity.externalId, title: identity.title, publishedAt: identity.publishedAt, updatedAt: identity.updatedAt });
  }
  return [...entries.values()];
}

async function markdownFiles(dir: string, prefix: string): Promise<string[]> {
  let names: Dirent[];
  try {
    names = await readdir(join(dir, prefix), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const found: string[] = [];
  for (const entry of names) {
    if (entry.name.startsWith('.')) continue;
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await markdownFiles(dir, path)));
    else if (entry.isFile() && entry.name.endsWith('.md')) found.push(path);
  }
  return found;
}
