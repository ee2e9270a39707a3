import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StoryInput } from '../../src/stories/index.js';

/** An item of test/fixtures/stories/labelled.json (README.md there says how it was made and labelled). */
export interface LabelledItem extends StoryInput {
  id: string;
  /** `tune` and `holdout`: the two halves the set was first split into, both tuning data now; `fresh`: the second set (once held out, tuning data now). */
  split: 'tune' | 'holdout' | 'fresh';
  source: { key: string; name: string };
  event: string;
  story: string;
  origin: string;
}

export const FIXTURES = resolve('test/fixtures/stories');

export function readLabelledSet(): LabelledItem[] {
  return (JSON.parse(readFileSync(resolve(FIXTURES, 'labelled.json'), 'utf8')) as { items: LabelledItem[] }).items;
}

/**
 * The second tuning set (test/fixtures/stories/fresh/, README.md there): labelled before the
 * clusterer ever ran on it and scored once as a held-out set; its errors were then read and the
 * headline features tuned on it, so it is tuning data now.
 */
export function readFreshSet(): LabelledItem[] {
  return (JSON.parse(readFileSync(resolve(FIXTURES, 'fresh/labelled.json'), 'utf8')) as { items: LabelledItem[] }).items;
}

/** The five seed documents as items (test/fixtures/stories/README.md says where each field came from). */
export interface SeedItem extends StoryInput {
  seed: string;
  source: { key: string; name: string };
}

export function readSeedItems(): SeedItem[] {
  return (JSON.parse(readFileSync(resolve(FIXTURES, 'seeds.json'), 'utf8')) as { items: SeedItem[] }).items;
}
