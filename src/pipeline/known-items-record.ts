import type { KnownItemsRecord } from '../model/known-items-record.js';
import type { KnownItems } from '../normalizer/known-items.js';
import { VERSION } from '../version.js';
import type { ProcessedDocument } from './document-job.js';

/**
 * The known items to skip in the next document: those of the record last normalized and committed
 * less than `maxAgeMs` ago, by this version of Tributary (another may normalize them otherwise),
 * with the raw hashes of those the record has them for, which the parser leaves out of the parse.
 * Older ones go through the commit again, which keeps their seen records alive (it refreshes a
 * record half its retention old), so an item that stays in its feed for a year is never taken for
 * a new one.
 */
export function knownItemsForJob(record: KnownItemsRecord | undefined, nowMs: number, maxAgeMs: number): KnownItems | undefined {
  if (record?.version !== VERSION) return undefined;
  const items = new Map<string, string>();
  const raw = new Map<string, string>();
  for (const [fingerprint, externalId, atMs, rawHash] of record.items) {
    if (nowMs - atMs >= maxAgeMs) continue;
    items.set(fingerprint, externalId);
    if (rawHash !== undefined) raw.set(rawHash, fingerprint);
  }
  return { digest: record.digest, items, raw };
}

/**
 * The record to keep once this document is committed: every accepted item, those normalized now
 * dated now, the known ones keeping their date. Undefined when it would be the record already kept.
 */
export function knownItemsToKeep(record: KnownItemsRecord | undefined, document: ProcessedDocument, nowMs: number): KnownItemsRecord | undefined {
  const { digest, fingerprints } = document.normalized;
  const sameSettings = record?.version === VERSION && record.digest === digest;
  const before = new Map(sameSettings ? record.items.map(([fingerprint, , atMs]) => [fingerprint, atMs]) : []);
  const items: KnownItemsRecord['items'] = fingerprints.map(({ fingerprint, externalId, known, raw }) => {
    const atMs = (known && before.get(fingerprint)) || nowMs;
    return raw === undefined ? [fingerprint, externalId, atMs] : [fingerprint, externalId, atMs, raw];
  });
  const same =
    sameSettings &&
    record.items.length === items.length &&
    items.every(([fingerprint, , atMs, raw], i) => record.items[i]?.[0] === fingerprint && record.items[i]?.[2] === atMs && record.items[i]?.[3] === raw);
  return same ? undefined : { version: VERSION, digest, items };
}
