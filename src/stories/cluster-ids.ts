import { createHash } from 'node:crypto';

/** What identifies an item across polls and restarts: its source and its id within the source. */
export interface ItemKey {
  externalId: string;
  source: { key: string };
}

/** The key of an item in the clusterer's memory of what it has assigned. */
export function memberKey(item: ItemKey): string {
  return `${item.source.key}\n${item.externalId}`;
}

/** 16 hex digits (64 bits) of SHA-256 of the item's key: the same for the same item on every run. */
function digestOf(item: ItemKey): string {
  return createHash('sha256').update(memberKey(item)).digest('hex').slice(0, 16);
}

/** An event's id: from the item that started it, so replaying the same stream gives the same ids. */
export function eventIdOf(first: ItemKey): string {
  return `ev_${digestOf(first)}`;
}

/** A story's id: from the item that started it (which also started its first event). */
export function storyIdOf(first: ItemKey): string {
  return `st_${digestOf(first)}`;
}
