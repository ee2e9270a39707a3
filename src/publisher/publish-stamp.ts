import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { FeedHeader } from './feed-document.js';
import type { OutputDefinition } from './resolve-outputs.js';

/**
 * What the last publish into a folder was made from, kept in the store: when the store's content
 * token, the config and the clock all say nothing has changed since, and the files on disk are
 * still the ones it wrote, publishing again would write the same bytes, so it is skipped. A
 * `tributary poll` whose sources all answered 304 spends a seventh of its CPU rendering otherwise.
 */
export const PublishStampSchema = z.object({
  /** Digest of the store's content token and of everything in the config that an output shows. */
  inputs: z.string(),
  /** When the first indexed item expires and leaves the outputs (null: none will). */
  validUntilMs: z.number().nullable(),
  outputs: z.array(
    z.object({
      name: z.string(),
      items: z.number(),
      skipped: z.number(),
      files: z.array(z.object({ path: z.string(), sha256: z.string() })),
    }),
  ),
});
export type PublishStamp = z.infer<typeof PublishStampSchema>;

/** The store record of the stamp of the outputs in `dir`: one per folder, as an absolute path. */
export function stampName(dir: string): string {
  return `publish:${sha256(resolve(dir))}`;
}

/** What an output shows that comes from the config (and the generator's version), as one digest. */
export function configDigest(outputs: readonly OutputDefinition[], sources: ReadonlyArray<{ key: string; name: string; url: string }>, generator: FeedHeader['generator']): string {
  return sha256(JSON.stringify({ outputs, sources: sources.map(({ key, name, url }) => [key, name, url]), generator }));
}

/** The stamp's `inputs`: the store's content token with the config's digest. */
export function stampInputs(contentToken: string, config: string): string {
  return sha256(`${contentToken}\n${config}`);
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}
