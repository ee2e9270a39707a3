import type { z } from 'zod';
import { ItemSchema, type Item } from '../model/item.js';
import type { IterateOptions } from './item-store.js';

/* The item store's reading of what it stored, and its retention in keyv's terms. */

const DAY_MS = 86_400_000;

/** A stored value as an Item: undefined when it is gone, or invalid (reported to onInvalid). */
export function parseItem(key: string, value: unknown, onInvalid: IterateOptions['onInvalid']): Item | undefined {
  // Gone since it was indexed (expired), or indexed on Redis just before its commit landed.
  if (value === undefined || value === null) return undefined;
  const item = ItemSchema.safeParse(value);
  if (item.success) return item.data;
  onInvalid?.(key, item.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  return undefined;
}

export function parseOrUndefined<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Whole milliseconds, at least 1: a TTL of 0 means "never expires" to keyv, and Redis wants integers. */
export function daysToMs(days: number): number {
  return Math.max(1, Math.round(days * DAY_MS));
}

/** A page size within 1 and `max`, whole. */
export function clampPage(pageSize: number, max = 500): number {
  return Math.min(max, Math.max(1, Math.floor(pageSize)));
}
