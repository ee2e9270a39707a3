import type { Item } from '../model/item.js';
import { compileFilter, type OutputFilter } from './output-filter.js';
import { EchoFreeWindow, removeEchoes } from './remove-echoes.js';

/**
 * How far past the oldest item an output needs to keep reading, looking for the originals of the
 * echoes it holds. Without it, an echo whose original sits just past the last item would be shown,
 * and a reader who saw the original in an earlier version of the output would see the story twice.
 * Syndicated copies follow their original within hours; three days leaves room.
 */
export const ECHO_HORIZON_MS = 72 * 3_600_000;

export interface Selection {
  /** Per output name, its items newest first: filtered, without echoes, at most its maxItems. */
  items: Map<string, Item[]>;
  /** Items read from the source, to show that reading stopped early. */
  read: number;
}

export interface SelectOutput {
  name: string;
  maxItems: number;
  filter: OutputFilter;
}

/**
 * One pass over the items, newest first, serving every output at once. Each output counts what its
 * filter accepts, echoes left out, until it holds maxItems; once all do, reading goes on for the
 * echo horizon past the oldest item they hold, then stops (so the store is read only as deep as
 * the most selective output needs), or when the items run out. Each output is then the newest
 * maxItems of what it accepted, echoes removed, every copy it read taken into account.
 */
export async function selectItems(
  items: AsyncIterable<Item>,
  outputs: readonly SelectOutput[],
  options: { echoHorizonMs?: number } = {},
): Promise<Selection> {
  const horizonMs = options.echoHorizonMs ?? ECHO_HORIZON_MS;
  const selections = outputs.map((output) => ({ output, accepts: compileFilter(output.filter), window: new EchoFreeWindow(output.maxItems) }));
  const seen: Item[] = [];
  let stopBeforeMs: number | undefined;
  if (selections.length > 0) {
    for await (const item of items) {
      const publishedMs = Date.parse(item.publishedAt);
      if (stopBeforeMs !== undefined && publishedMs < stopBeforeMs) break;
      seen.push(item);
      if (stopBeforeMs !== undefined) continue;
      for (const { accepts, window } of selections) if (!window.isFull && accepts(item)) window.offer(item);
      if (selections.every(({ window }) => window.isFull)) stopBeforeMs = publishedMs - horizonMs;
    }
  }
  const selected = new Map(
    selections.map(({ output, accepts }) => [output.name, removeEchoes(seen.filter(accepts)).slice(0, output.maxItems)]),
  );
  return { items: selected, read: seen.length };
}
