import { randomUUID } from 'node:crypto';
import type { KeyvEntry } from 'keyv';
import type { FetchState } from '../model/fetch-state.js';
import type { CommitOptions } from './item-store.js';
import type { CommitPlan } from './plan-commit.js';
import { CONTENT_TOKEN_KEY, knownItemsKey, sourceFeedKey, stateKey } from './store-keys.js';

/** Everything one commit writes, for one setMany (one SQLite transaction, one MULTI on Redis). */
export function commitEntries(plan: CommitPlan, state: FetchState, options: CommitOptions, ttl: { retentionMs: number; seenRetentionMs: number }): KeyvEntry[] {
  const { sourceFeed, knownItems } = options;
  return [
    ...plan.itemWrites.map(({ key, item }) => ({ key, value: item, ttl: ttl.retentionMs })),
    ...plan.seenWrites.map(({ key, record }) => ({ key, value: record, ttl: ttl.seenRetentionMs })),
    { key: stateKey(state.sourceKey), value: state },
    // These two live as long as the items this commit wrote, and are rewritten by later commits.
    // Written as the pipeline built them (their types are their schemas'), and checked where read:
    // parsing the known items' record here too cost 20 KB and a zod pass of 40 tuples a commit.
    ...(sourceFeed ? [{ key: sourceFeedKey(state.sourceKey), value: { title: sourceFeed.title, link: sourceFeed.link, id: sourceFeed.id }, ttl: ttl.retentionMs }] : []),
    ...(knownItems ? [{ key: knownItemsKey(state.sourceKey), value: knownItems, ttl: ttl.retentionMs }] : []),
    { key: CONTENT_TOKEN_KEY, value: randomUUID() },
  ];
}
