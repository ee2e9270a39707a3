import { createHash } from 'node:crypto';

/*
 * The keys the item store writes, all under the keyv namespace "tributary". Ids are hashed so a
 * key's length does not depend on what a feed put in its guid.
 */

/**
 * Where versions before the ordered index (newest-index.ts) kept it: one JSON array of
 * [itemKey, publishedMs, expiresMs]. Read once at open to carry an existing store over.
 */
export const LEGACY_INDEX_KEY = 'index:newest';

/** A random token every commit rewrites with its items: a changed token is a store whose content may have changed. */
export const CONTENT_TOKEN_KEY = 'content-token';

/** Small records of the store's own users (the publisher's stamp), by name; apart from the content token. */
export function metaKey(name: string): string {
  return `meta:${name}`;
}

/** base64url of the first 18 bytes of SHA-256(externalId): 24 characters, no padding. */
export function hashId(externalId: string): string {
  return createHash('sha256').update(externalId).digest().subarray(0, 18).toString('base64url');
}

export function itemKey(sourceKey: string, idHash: string): string {
  return `item:${sourceKey}:${idHash}`;
}

export function seenKey(sourceKey: string, idHash: string): string {
  return `seen:${sourceKey}:${idHash}`;
}

export function stateKey(sourceKey: string): string {
  return `state:${sourceKey}`;
}

/** What the source's document says about itself; one per source. */
export function sourceFeedKey(sourceKey: string): string {
  return `feed:${sourceKey}`;
}

/** The items of the source's last document that the store took (KnownItemsRecord); one per source. */
export function knownItemsKey(sourceKey: string): string {
  return `known:${sourceKey}`;
}

/** An item's event and story ids (the story pass's), beside the item: `stories:` + the item's key. */
export function storyIdsKey(itemKey: string): string {
  return `stories:${itemKey}`;
}
