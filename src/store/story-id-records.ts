import type { KeyvEntry } from 'keyv';
import type { StoryIdsEntry } from '../model/story-registry.js';
import { storyIdsKey } from './store-keys.js';

/** The keyv writes of these items' story ids, each living as long as its item; an item already expired is left out. */
export function storyIdWrites(entries: readonly StoryIdsEntry[], nowMs: number, retentionMs: number): KeyvEntry[] {
  return entries.flatMap(({ itemKey, eventId, storyId, expiresMs }) => {
    const ttl = expiresMs === undefined ? retentionMs : Math.round(expiresMs - nowMs);
    return ttl >= 1 ? [{ key: storyIdsKey(itemKey), value: { eventId, storyId }, ttl }] : [];
  });
}
