import type { Item } from '../model/item.js';
import { unitVector } from './centroid.js';
import { headlineMarks, isMark } from './headline-marks.js';
import { MOVE_PREFIX, priceMoveTerm } from './price-moves.js';
import type { StoryOptions } from './story-options.js';
import type { TermStats } from './term-stats.js';
import { addTerms, type TermCount } from './tokenize.js';

/** What the clusterer reads of an item. */
export type StoryInput = Pick<Item, 'externalId' | 'title' | 'description' | 'publishedAt' | 'lang' | 'topics'> & { source: Pick<Item['source'], 'key'> };

/** Topic codes become terms of their own, apart from words. */
const TOPIC_PREFIX = '#';

/** The primary language subtag, lower-cased (`en-US` → `en`); `und` when the item has none. */
export function primaryLanguage(lang: string | undefined): string {
  const primary = lang?.split(/[-_]/u)[0]?.trim().toLowerCase();
  return primary ? primary : 'und';
}

/** An item's terms: all of them with their counts, and the title's alone (sorted). */
export interface ItemTerms {
  counts: Map<string, TermCount>;
  titleTerms: string[];
}

/** The item's terms and their counts: title (weighted), description (cut), topics. */
export function countTerms(item: StoryInput, lang: string, options: Readonly<StoryOptions>): ItemTerms {
  const english = lang === 'en' || lang === 'und';
  const counts = new Map<string, TermCount>();
  addTerms(counts, item.title, 1, english);
  const titleTerms = [...counts.keys()].sort();
  if (options.titleWeight !== 1) for (const term of counts.values()) term.count *= options.titleWeight;
  addTerms(counts, item.description.slice(0, options.descriptionChars), 1, english);
  const move = english && options.moveWeight > 0 ? priceMoveTerm(item.title, Date.parse(item.publishedAt)) : undefined;
  if (move !== undefined) counts.set(move, { count: 1, entity: false });
  if (english && options.markWeight > 0) for (const mark of headlineMarks(item.title)) counts.set(mark, { count: 1, entity: false });
  if (options.topicWeight > 0) for (const code of item.topics ?? []) counts.set(`${TOPIC_PREFIX}${code.toLowerCase()}`, { count: 1, entity: false });
  return { counts, titleTerms };
}

/** How much each kind of term counts in a vector. */
export interface KindWeights {
  word: number;
  entity: number;
  topic: number;
  /** A price move's term (asset, direction, day). */
  move: number;
  /** A headline's marks (its leads and kinds). */
  mark: number;
}

/**
 * TF-IDF with the stream's document frequencies: (1 + ln count) × idf × the weight of the term's
 * kind (word, name, topic), at unit length; terms of weight 0 are left out.
 */
export function weighTerms(counts: ReadonlyMap<string, TermCount>, stats: TermStats, at: number, kinds: KindWeights): Map<string, number> {
  const weights = new Map<string, number>();
  for (const [term, { count, entity }] of counts) {
    const kind = term.startsWith(TOPIC_PREFIX) ? kinds.topic : term.startsWith(MOVE_PREFIX) ? kinds.move : isMark(term) ? kinds.mark : entity ? kinds.entity : kinds.word;
    if (kind > 0) weights.set(term, (1 + Math.log(count)) * stats.idf(term, at) * kind);
  }
  return unitVector(weights);
}
