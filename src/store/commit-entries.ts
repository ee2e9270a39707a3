import { randomUUID } from 'node:crypto';
import type { KeyvEntry } from 'keyv';
import type { FetchState } from '../model/fetch-state.js';
import type { CommitOptions, SourceFeed } from './item-store.js';
import type { CommitPlan } from './plan-commit.js';
import { CONTENT_TOKEN_KEY, knownItemsKey, sourceFeedKey, stateKey } from './store-keys.js';

/**
 * Everything one commit writes, for one setMany (one SQLite transaction, one MULTI on Redis). The
 * content token, which tells the publisher its outputs may have changed, is replaced only when
 * something an output shows was written: an item, or what is kept of the source's document
 * (`storedFeed`, as the store holds it) changed. A document resent with new bytes and nothing new
 * in it, as many servers do, is not rendered again for it.
 */
export function commitEntries(plan: CommitPlan, state: FetchState, options: CommitOptions, ttl: { retentionMs: number; seenRetentionMs: number }, storedFeed?: SourceFeed): KeyvEntry[] {
  const { sourceFeed, knownItems } = options;
  const feedChanged = sourceFeed !== undefined && !sameFeed(storedFeed, sourceFeed);
  const shown = plan.itemWrites.length > 0 || feedChanged;
  return [
    ...plan.itemWrites.map(({ key, item }) => ({ key, value: item, ttl: ttl.retentionMs })),
    ...plan.seenWrites.map(({ key, record }) => ({ key, value: record, ttl: ttl.seenRetentionMs })),
    { key: stateKey(state.sourceKey), value: state },
    // These two live as long as the items this commit wrote, and are rewritten by later commits
    // (what is kept of the document whenever items are written, so it never expires before them).
    // Written as the pipeline built them (their types are their schemas'), and checked where read:
    // parsing the known items' record here too cost 20 KB and a zod pass of 40 tuples a commit.
    ...(sourceFeed && shown ? [{ key: sourceFeedKey(state.sourceKey), value: { title: sourceFeed.title, link: sourceFeed.link, id: sourceFeed.id }, ttl: ttl.retentionMs }] : []),
    ...(knownItems ? [{ key: knownItemsKey(state.sourceKey), value: knownItems, ttl: ttl.retentionMs }] : []),
    ...(shown ? [{ key: CONTENT_TOKEN_KEY, value: randomUUID() }] : []),
  ];
}

function sameFeed(stored: SourceFeed | undefined, incoming: SourceFeed): boolean {
  return stored !== undefined && stored.title === incoming.title && stored.link === incoming.link && stored.id === incoming.id;
}
