import type { KnownItemsRecord } from '../model/known-items-record.js';
import type { KnownItems } from '../normalizer/known-items.js';
import { VERSION } from '../version.js';
import type { ProcessedDocument } from './document-job.js';

/**
 * The known items to skip in the next document: those of the record last normalized and committed
 * less than `maxAgeMs` ago, by this version of Tributary (another may normalize them otherwise).
 * Older ones go through the commit again, which keeps their seen records alive (it refreshes a
 * record half its retention old), so an item that stays in its feed for a year is never taken for
 * a new one.
 */
export function knownItemsForJob(record: KnownItemsRecord | undefined, nowMs: number, maxAgeMs: number): KnownItems | undefined {
  if (record?.version !== VERSION) return undefined;
  const items = new Map<string, string>();
  for (const [fingerprint, externalId, atMs] of record.items) if (nowMs - atMs < maxAgeMs) items.set(fingerprint, externalId);
  return { digest: record.digest, items };
}

/**
 * The record to keep once this document is committed: every accepted item, those normalized now
 * dated now, the known ones keeping their date. Undefined when it would be the record already kept.
 */
export function knownItemsToKeep(record: KnownItemsRecord | undefined, document: ProcessedDocument, nowMs: number): KnownItemsRecord | undefined {
  const { digest, fingerprints } = document.normalized;
  const sameSettings = record?.version === VERSION && record.digest === digest;
  const before = new Map(sameSettings ? record.items.map(([fingerprint, , atMs]) => [fingerprint, atMs]) : []);
  const items: KnownItemsRecord['items'] = fingerprints.map(({ fingerprint, externalId, known }) => [fingerprint, externalId, (known && before.get(fingerprint)) || nowMs]);
  const same = sameSettings && record.items.length === items.length && items.every(([fingerprint, , atMs], i) => record.items[i]?.[0] === fingerprint && record.items[i]?.[2] === atMs);
  return same ? undefined : { version: VERSION, digest, items };
}
