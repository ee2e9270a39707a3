import type { SourceState } from '../model/source-status.js';

/** The states in the order the page lists them: trouble first, the healthy last. */
export const STATES_BY_TROUBLE: readonly SourceState[] = ['failing', 'backing off', 'disabled', 'moved', 'recovered', 'never polled', 'ok'];

export const SORT_KEYS = ['state', 'name', 'items', 'success'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Each column's first direction: trouble first, A to Z, most items first, the longest without success first. */
const DESCENDING_FIRST: Record<SortKey, boolean> = { state: false, name: false, items: true, success: false };

/** What the overview's links ask for: a state to show alone, and an order. Anything else in the query is ignored. */
export interface StatusQuery {
  state?: SourceState;
  sort: SortKey;
  descending: boolean;
}

export const DEFAULT_QUERY: StatusQuery = { sort: 'state', descending: false };

/** A state as it is written in a link and a class name: `backing-off`. */
export function stateSlug(state: string): string {
  return state.replace(/\s+/g, '-');
}

/** The query of a request; a value it does not know is ignored (the default stands), never an error. */
export function parseStatusQuery(search: string): StatusQuery {
  const params = new URLSearchParams(search);
  const state = STATES_BY_TROUBLE.find((known) => stateSlug(known) === params.get('state'));
  const sort = SORT_KEYS.find((key) => key === params.get('sort')) ?? DEFAULT_QUERY.sort;
  const order = params.get('order');
  const descending = order === 'desc' ? true : order === 'asc' ? false : DESCENDING_FIRST[sort];
  return { ...(state ? { state } : {}), sort, descending };
}

/** The link for a query, with only what differs from the default. */
export function queryHref(query: StatusQuery): string {
  const params = new URLSearchParams();
  if (query.state) params.set('state', stateSlug(query.state));
  if (query.sort !== DEFAULT_QUERY.sort) params.set('sort', query.sort);
  if (query.descending !== DESCENDING_FIRST[query.sort]) params.set('order', query.descending ? 'desc' : 'asc');
  const search = params.toString();
  return search ? `/?${search}` : '/';
}

/** The link of a column header: sorts by it, or reverses it when the page is already sorted by it. */
export function sortHref(query: StatusQuery, sort: SortKey): string {
  const descending = query.sort === sort ? !query.descending : DESCENDING_FIRST[sort];
  return queryHref({ ...query, sort, descending });
}

export interface SortableSource {
  name: string;
  key: string;
  state: string;
  items: number;
  lastSuccessAt?: string;
}

/** The sources the query shows, in its order; ties by name, then key, so the order is stable. Pure. */
export function arrangeSources<T extends SortableSource>(sources: readonly T[], query: StatusQuery): T[] {
  const shown = query.state ? sources.filter((source) => source.state === query.state) : [...sources];
  const byName = (a: T, b: T) => a.name.localeCompare(b.name, 'en') || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const rank = (source: T) => {
    const at = STATES_BY_TROUBLE.indexOf(source.state as SourceState);
    return at < 0 ? STATES_BY_TROUBLE.length : at;
  };
  // Never succeeded sorts as the oldest success.
  const success = (source: T) => (source.lastSuccessAt ? Date.parse(source.lastSuccessAt) : Number.NEGATIVE_INFINITY);
  const primary: Record<SortKey, (a: T, b: T) => number> = {
    state: (a, b) => rank(a) - rank(b),
    name: () => 0,
    items: (a, b) => a.items - b.items,
    success: (a, b) => (success(a) === success(b) ? 0 : success(a) < success(b) ? -1 : 1),
  };
  const direction = query.descending ? -1 : 1;
  // Ties read A to Z whichever way the column runs (except the name column itself).
  const tie = query.sort === 'name' ? (a: T, b: T) => direction * byName(a, b) : byName;
  return shown.sort((a, b) => direction * primary[query.sort](a, b) || tie(a, b));
}
