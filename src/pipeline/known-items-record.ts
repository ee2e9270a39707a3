import type { KnownItemsRecord } from '../model/known-items-record.js';
import { DAY_MS } from '../model/source-activity.js';
import type { KnownItems } from '../normalizer/known-items.js';
import { VERSION } from '../version.js';
import type { ProcessedDocument } from './document-job.js';

/**
 * How long an item may go without a commit before it goes through one again: half the retention of
 * its seen record, the age at which the commit refreshes one (store/plan-commit.ts).
 */
export function commitAgainAfterMs(seenRetentionDays: number): number {
  return (seenRetentionDays * DAY_MS) / 2;
}

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

/** The oldest time an item of the record went through a commit (epoch ms); `nowMs` for a record without items. */
export function oldestCommitMs(record: KnownItemsRecord | undefined, nowMs: number): number {
  let oldest = nowMs;
  for (const [, , atMs] of record?.items ?? []) oldest = Math.min(oldest, atMs);
  return oldest;
}
