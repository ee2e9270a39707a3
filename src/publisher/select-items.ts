import type { Item } from '../model/item.js';
import type { IndexRef } from '../store/newest-index.js';
import { compileFilter, type OutputFilter } from './output-filter.js';
import { EchoFreeWindow, removeEchoes } from './remove-echoes.js';

/**
 * How far past the oldest item an output needs to keep looking, for the originals of the echoes it
 * holds. Without it, an echo whose original sits just past the last item would be shown, and a
 * reader who saw the original in an earlier version of the output would see the story twice.
 * Syndicated copies follow their original within hours; three days leaves room.
 */
export const ECHO_HORIZON_MS = 72 * 3_600_000;

/** Items of the horizon read at a time when echoes removed leave an output short. */
const FILL_CHUNK = 16;

/** The newest-items index and a way to read the items it points to (ItemStore.indexPages/loadItems). */
export interface IndexedItems {
  /** Refs newest first, a page at a time. */
  pages: AsyncIterable<IndexRef[]>;
  /** The items of these refs, aligned with them: undefined where an item is gone or unreadable. */
  load(refs: readonly IndexRef[]): Promise<Array<Item | undefined>>;
}

export interface Selection {
  /** Per output name, its items newest first: filtered, without echoes, at most its maxItems. */
  items: Map<string, Item[]>;
  /** Items read from the store. */
  read: number;
  /** Index rows looked at (the horizon is looked at, but only what can matter in it is read). */
  scanned: number;
}

export interface SelectOutput {
  name: string;
  maxItems: number;
  filter: OutputFilter;
}

interface Seen {
  /** Place in the index order: ties of date keep it, as they would had every item been read. */
  position: number;
  item: Item;
}

/**
 * One pass over the index, newest first, serving every output at once. Items are read a page at a
 * time and each output counts what its filter accepts, echoes left out, until it holds maxItems.
 * Then, for the echo horizon past the oldest item they hold, only the index is looked at: an item
 * is read only when its canonical link is one another source's item already read carries (it may
 * be the original of an echo). Each output is then the newest maxItems of what it accepted, echoes
 * removed. Should removing echoes leave an output short of items newer than the ones passed over,
 * those are read too, newest first, until it is not: the result is the one reading the whole
 * horizon would give (a property test holds it to that).
 */
export async function selectItems(source: IndexedItems, outputs: readonly SelectOutput[], options: { echoHorizonMs?: number } = {}): Promise<Selection> {
  const horizonMs = options.echoHorizonMs ?? ECHO_HORIZON_MS;
  const selections = outputs.map((output) => ({ output, accepts: compileFilter(output.filter), window: new EchoFreeWindow(output.maxItems) }));
  const seen: Seen[] = [];
  const linkSources = new Map<string, Set<string>>();
  const passedOver: Array<{ position: number; ref: IndexRef }> = [];
  let stopBeforeMs: number | undefined;
  let scanned = 0;

  const keep = (position: number, ref: IndexRef, item: Item): void => {
    seen.push({ position, item });
    if (ref.linkKey === undefined) return;
    const sources = linkSources.get(ref.linkKey) ?? new Set<string>();
    sources.add(ref.sourceKey);
    linkSources.set(ref.linkKey, sources);
  };
  const mayBeOriginal = (ref: IndexRef): boolean => {
    const sources = ref.linkKey === undefined ? undefined : linkSources.get(ref.linkKey);
    return sources !== undefined && [...sources].some((key) => key !== ref.sourceKey);
  };

  const readPassedOver = async (wanted: ReadonlyArray<{ position: number; ref: IndexRef }>): Promise<void> => {
    const loaded = await source.load(wanted.map(({ ref }) => ref));
    wanted.forEach(({ position, ref }, i) => {
      const item = loaded[i];
      if (item !== undefined) keep(position, ref, item);
    });
  };
  /**
   * Reads what is passed over from `from` on and may be the original of an item read (another
   * source's copy of its article), and takes it out of the passed over; again while that brings
   * more, since each item read adds its source to its link.
   */
  const readOriginals = async (from: number): Promise<void> => {
    for (;;) {
      const rest = passedOver.slice(from);
      const originals = rest.filter(({ ref }) => mayBeOriginal(ref));
      if (originals.length === 0) return;
      passedOver.splice(from, rest.length, ...rest.filter(({ ref }) => !mayBeOriginal(ref)));
      await readPassedOver(originals);
    }
  };

  if (selections.length > 0) {
    reading: for await (const page of source.pages) {
      const first = scanned;
      scanned += page.length;
      if (stopBeforeMs === undefined) {
        const loaded = await source.load(page);
        for (const [i, ref] of page.entries()) {
          const item = loaded[i];
          if (item === undefined) continue;
          if (stopBeforeMs !== undefined && ref.publishedMs < stopBeforeMs) break reading;
          keep(first + i, ref, item);
          if (stopBeforeMs !== undefined) continue;
          for (const { accepts, window } of selections) if (!window.isFull && accepts(item)) window.offer(item);
          if (selections.every(({ window }) => window.isFull)) stopBeforeMs = ref.publishedMs - horizonMs;
        }
        continue;
      }
      const horizon = stopBeforeMs;
      const inHorizon = page.map((ref, i) => ({ position: first + i, ref })).filter(({ ref }) => ref.publishedMs >= horizon);
      passedOver.push(...inHorizon);
      await readOriginals(0);
      if (inHorizon.length < page.length) break;
    }
  }

  const choose = () => {
    const ordered = [...seen].sort((a, b) => a.position - b.position).map(({ item }) => item);
    return new Map(selections.map(({ output, accepts }) => [output.name, removeEchoes(ordered.filter(accepts)).slice(0, output.maxItems)]));
  };
  // Whether every output's items are all newer than anything passed over from `at` on: then nothing
  // passed over can take a place, nor remove an item (it shares no link with another source's).
  const completeBefore = (selected: Map<string, Item[]>, at: number): boolean =>
    at >= passedOver.length ||
    selections.every(({ output }) => {
      const items = selected.get(output.name)!;
      return items.length >= output.maxItems && Date.parse(items[output.maxItems - 1]!.publishedAt) > passedOver[at]!.ref.publishedMs;
    });

  let selected = choose();
  // Removing echoes left an output short: read on down the horizon, a few at a time, with the
  // originals of whatever that brings, until the outputs are complete again.
  let next = 0;
  while (!completeBefore(selected, next)) {
    const chunk = passedOver.slice(next, next + FILL_CHUNK);
    next += chunk.length;
    await readPassedOver(chunk);
    await readOriginals(next);
    selected = choose();
  }
  return { items: selected, read: seen.length, scanned };
}
