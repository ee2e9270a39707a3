import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { assertWellFormed, atomEntries, DECODE_REFERENCES } from '../helpers/feed-xml.js';

/** The entry ids of each output file present in `dir`, read by independent parsers; throws on any broken file. */
export async function readOutputIds(dir: string, name = 'all'): Promise<{ atom?: string[]; rss?: string[]; json?: string[] }> {
  const present = new Set(await readdir(dir).catch(() => []));
  const ids: { atom?: string[]; rss?: string[]; json?: string[] } = {};
  if (present.has(`${name}.atom`)) ids.atom = atomEntries(await readFile(join(dir, `${name}.atom`), 'utf8')).map((entry) => entry.id);
  if (present.has(`${name}.rss`)) ids.rss = rssGuids(await readFile(join(dir, `${name}.rss`), 'utf8'));
  if (present.has(`${name}.json`)) ids.json = jsonFeedIds(await readFile(join(dir, `${name}.json`), 'utf8'));
  return ids;
}

/** Names of temp files (`.*.tmp`) in `dir`. */
export async function tempFilesIn(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [])).filter((name) => name.startsWith('.') && name.endsWith('.tmp'));
}

/** Ids that occur more than once. */
export function duplicatesOf(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of ids) (seen.has(id) ? twice : seen).add(id);
  return [...twice];
}

function rssGuids(xml: string): string[] {
  assertWellFormed(xml);
  const document = new XMLParser({ ...DECODE_REFERENCES, ignoreAttributes: false, isArray: (name) => name === 'item' }).parse(xml) as {
    rss?: { channel?: { item?: Array<{ guid?: unknown }> } };
  };
  if (!document.rss?.channel) throw new Error('the RSS output has no <rss><channel>');
  return (document.rss.channel.item ?? []).map((item) => {
    const guid = item.guid;
    return typeof guid === 'object' && guid !== null && '#text' in guid ? String((guid as { '#text': unknown })['#text']) : String(guid);
  });
}

function jsonFeedIds(text: string): string[] {
  const document = JSON.parse(text) as { version?: unknown; items?: Array<{ id?: unknown }> };
  if (document.version !== 'https://jsonfeed.org/version/1.1' || !Array.isArray(document.items)) {
    throw new Error('the JSON output is not a JSON Feed 1.1 document');
  }
  return document.items.map((item) => String(item.id));
}
