import type { ParsedItem } from '../parser/parsed-feed.js';
import { repairMojibake } from './repair-mojibake.js';

/** The parsed item with mojibake repaired in every text a reader sees: title, summary, content, author, categories. */
export function repairItemText(item: ParsedItem): ParsedItem {
  const repair = (text: string | undefined) => (text === undefined ? undefined : repairMojibake(text));
  return {
    ...item,
    title: repair(item.title),
    summary: repair(item.summary),
    content: repair(item.content),
    author: repair(item.author),
    categories: item.categories.map(repairMojibake),
  };
}
