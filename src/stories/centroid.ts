import type { TermIds } from './term-ids.js';

/** An item's weighted terms, scaled to unit length. */
export type TermVector = ReadonlyMap<string, number>;

/** Scales `weights` to unit length (an empty or all-zero vector stays as it is). */
export function unitVector(weights: Map<string, number>): Map<string, number> {
  let squares = 0;
  for (const weight of weights.values()) squares += weight * weight;
  if (squares === 0) return weights;
  const length = Math.sqrt(squares);
  for (const [term, weight] of weights) weights.set(term, weight / length);
  return weights;
}

/** What adding to a centroid changed in its terms, for the inverted index. */
export interface CentroidChange {
  added: string[];
  removed: string[];
}

/** A unit vector as ids of one level's terms (-1: a term no centroid of the level holds), for scoring many centroids. */
export interface IdVector {
  ids: Int32Array;
  weights: Float64Array;
}

/** The vector's terms as ids of `dictionary`, in the vector's order. */
export function toIdVector(vector: TermVector, dictionary: TermIds): IdVector {
  const ids = new Int32Array(vector.size);
  const weights = new Float64Array(vector.size);
  let i = 0;
  for (const [term, weight] of vector) {
    ids[i] = dictionary.idOf(term);
    weights[i++] = weight;
  }
  return { ids, weights };
}

const NO_IDS = new Int32Array(0);
const NO_WEIGHTS = new Float64Array(0);

/**
 * The sum of a cluster's member vectors, each member once (older members scaled down first when the
 * cluster decays), cut to its `maxTerms` heaviest terms. Cosine with a unit vector is the dot
 * product over the vector's terms divided by the centroid's length, kept up to date.
 *
 * Held compactly, since tens of thousands are open at once: term ids of its level's `TermIds` and
 * weights in typed arrays (a Map of strings to numbers cost about 3 KB a centroid, its numbers boxed
 * and its strings its own), in the order the terms came (sums run in that order, as they did over a
 * Map), beside the positions sorted by id for lookups.
 */
export class Centroid {
  private length = 0;
  /** Ids in the order the terms came ([0, n)), then the positions of those ids in ascending order ([n, 2n)). */
  private ids: Int32Array = NO_IDS;
  private weights: Float64Array = NO_WEIGHTS;

  constructor(
    private readonly dictionary: TermIds,
    weights: Iterable<readonly [string, number]> = [],
  ) {
    const ids: number[] = [];
    const values: number[] = [];
    for (const [term, weight] of weights) {
      ids.push(dictionary.acquire(term));
      values.push(weight);
    }
    this.store(ids, values);
  }

  get size(): number {
    return this.weights.length;
  }

  /** Scales what is there by `keep` (0–1), adds `vector`, cuts to `maxTerms`; returns the terms that came and went. */
  add(vector: TermVector, keep: number, maxTerms: number): CentroidChange {
    const n = this.size;
    if (keep !== 1) for (let i = 0; i < n; i++) this.weights[i]! *= keep;
    const added: string[] = [];
    const addedIds: number[] = [];
    const addedWeights: number[] = [];
    for (const [term, weight] of vector) {
      // The vector's terms are distinct: a term added here is not looked up again in this call.
      const at = this.positionOf(this.dictionary.idOf(term));
      if (at >= 0) {
        this.weights[at]! += weight;
        continue;
      }
      added.push(term);
      addedIds.push(this.dictionary.acquire(term));
      addedWeights.push(weight);
    }
    if (added.length === 0) {
      this.length = lengthOf(this.weights);
      return { added, removed: [] };
    }
    const ids = new Int32Array(n + added.length);
    ids.set(this.ids.subarray(0, n));
    ids.set(addedIds, n);
    const values = new Float64Array(n + added.length);
    values.set(this.weights);
    values.set(addedWeights, n);
    const { kept, removed } = ids.length > maxTerms ? this.cut(ids, values, maxTerms) : { kept: ids.length, removed: [] };
    this.store(ids.subarray(0, kept), values.slice(0, kept));
    if (removed.length === 0) return { added, removed };
    // A term added and cut in the same step was never indexed: it neither came nor went.
    const fresh = new Set(added);
    return { added: added.filter((term) => this.has(term)), removed: removed.filter((term) => !fresh.has(term)) };
  }

  /** Cosine with a unit vector given as ids of this centroid's level (toIdVector). */
  cosine(vector: IdVector): number {
    if (this.length === 0) return 0;
    let dot = 0;
    for (let i = 0; i < vector.ids.length; i++) {
      const at = this.positionOf(vector.ids[i]!);
      if (at >= 0) dot += this.weights[at]! * vector.weights[i]!;
    }
    return dot / this.length;
  }

  has(term: string): boolean {
    return this.positionOf(this.dictionary.idOf(term)) >= 0;
  }

  /** Its terms, in the order they came. */
  *keys(): IterableIterator<string> {
    for (let i = 0; i < this.size; i++) yield this.dictionary.termOf(this.ids[i]!);
  }

  /** Its terms and weights, in the order they came (as a snapshot keeps them: restored, the sums run in the same order). */
  entries(): Array<[string, number]> {
    return Array.from(this.weights, (weight, i) => [this.dictionary.termOf(this.ids[i]!), weight]);
  }

  /** Lets go of its terms (the cluster is dropped). */
  release(): void {
    for (let i = 0; i < this.size; i++) this.dictionary.release(this.ids[i]!);
    this.store([], []);
  }

  /** The position of term id `id` (in the order the terms came), or -1. */
  private positionOf(id: number): number {
    if (id < 0) return -1;
    const n = this.size;
    let low = 0;
    let high = n - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = this.ids[n + middle]!;
      const found = this.ids[at]!;
      if (found === id) return at;
      if (found < id) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /**
   * Keeps the `maxTerms` heaviest terms (ties: the alphabetically first), in their order, at the
   * front of `ids` and `values`; returns how many that is and the others, heaviest first, whose ids
   * it lets go. The weight a term must reach is read from the weights sorted as numbers, and names
   * are compared only among the terms at exactly that weight: ranking every term with a comparator
   * that read their names made cutting a third of the clusterer's time.
   */
  private cut(ids: Int32Array, values: Float64Array, maxTerms: number): { kept: number; removed: string[] } {
    const term = (i: number) => this.dictionary.termOf(ids[i]!);
    const byRank = (a: number, b: number) => values[b]! - values[a]! || (term(a) < term(b) ? -1 : term(a) > term(b) ? 1 : 0);
    const total = ids.length;
    // The maxTerms-th heaviest weight: heavier terms stay, lighter ones go, and of those at it the first by name stay.
    const edge = values.slice().sort()[total - maxTerms]!;
    const atEdge: number[] = [];
    let heavier = 0;
    for (let i = 0; i < total; i++) {
      if (values[i]! > edge) heavier += 1;
      else if (values[i] === edge) atEdge.push(i);
    }
    const dropped = new Set(atEdge.sort(byRank).slice(maxTerms - heavier));
    for (let i = 0; i < total; i++) if (values[i]! < edge) dropped.add(i);
    const removed = [...dropped].sort(byRank).map(term);
    let kept = 0;
    for (let i = 0; i < total; i++) {
      if (dropped.has(i)) {
        this.dictionary.release(ids[i]!);
        continue;
      }
      ids[kept] = ids[i]!;
      values[kept++] = values[i]!;
    }
    return { kept, removed };
  }

  private store(ids: ArrayLike<number>, values: ArrayLike<number>): void {
    const n = ids.length;
    const packed = new Int32Array(2 * n);
    packed.set(ids);
    if (n < POSITIONS) {
      // Positions in ascending order of id: sorted as numbers (id, then position, in one key), no comparator.
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = ids[i]! * POSITIONS + i;
      keys.sort();
      for (let i = 0; i < n; i++) packed[n + i] = keys[i]! % POSITIONS;
    } else {
      packed.set(
        Array.from(ids, (_, i) => i).sort((a, b) => ids[a]! - ids[b]!),
        n,
      );
    }
    this.ids = packed;
    this.weights = values instanceof Float64Array ? values : Float64Array.from(values);
    this.length = lengthOf(this.weights);
  }
}

/** Positions packed beside an id in one sort key: more than a centroid's terms are in practice (its cap plus one vector's terms). */
const POSITIONS = 2 ** 16;

/** The length of a vector of weights, its squares summed in order. */
function lengthOf(weights: Float64Array): number {
  let squares = 0;
  for (const weight of weights) squares += weight * weight;
  return Math.sqrt(squares);
}
