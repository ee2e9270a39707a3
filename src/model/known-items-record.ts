import { z } from 'zod';

/**
 * What the store keeps, per source, of the items of its last document that went through a commit:
 * the version of Tributary that normalized them, the digest of the document's settings, and each
 * accepted item's [fingerprint, externalId, when it was last normalized and committed (epoch ms),
 * raw hash of its element as written (parser/raw-items.ts), if the document had them]. Records
 * written before raw hashes were kept have none: the next document is then parsed whole once.
 * Written in the commit's own transaction, so it never names an item the store did not take. See
 * normalizer/known-items.ts.
 */
export const KnownItemsRecordSchema = z.object({
  version: z.string(),
  digest: z.string(),
  items: z.array(z.tuple([z.string(), z.string(), z.number(), z.string().optional()])),
});
export type KnownItemsRecord = z.infer<typeof KnownItemsRecordSchema>;
