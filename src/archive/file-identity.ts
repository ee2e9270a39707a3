import { parse } from 'yaml';

/** What an archive file says of the item it holds: enough to know which item it is, and to index it. */
export interface FileIdentity {
  sourceKey: string;
  externalId: string;
  title: string;
  publishedAt: string;
  updatedAt: string;
}

/**
 * The item a file names by its front matter (`source.key` and `externalId`), or undefined for a file
 * without front matter naming one (someone else's, or not YAML): the archive never overwrites or
 * deletes a file that does not name the item at hand.
 */
export function identityOf(text: string): FileIdentity | undefined {
  if (!text.startsWith('---\n')) return undefined;
  const end = text.indexOf('\n---\n', 3);
  if (end === -1) return undefined;
  let data: unknown;
  try {
    data = parse(text.slice(4, end + 1));
  } catch {
    return undefined;
  }
  const fields = (data ?? {}) as { source?: { key?: unknown }; externalId?: unknown; title?: unknown; publishedAt?: unknown; updatedAt?: unknown };
  const sourceKey = fields.source?.key;
  const { externalId } = fields;
  if (typeof sourceKey !== 'string' || typeof externalId !== 'string') return undefined;
  return { sourceKey, externalId, title: stringOr(fields.title), publishedAt: stringOr(fields.publishedAt), updatedAt: stringOr(fields.updatedAt) };
}

export function namesItem(text: string, sourceKey: string, externalId: string): boolean {
  const identity = identityOf(text);
  return identity?.sourceKey === sourceKey && identity.externalId === externalId;
}

function stringOr(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
