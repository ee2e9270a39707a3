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

/**
 * The sum of a cluster's member vectors, each member once (older members scaled down first when the
 * cluster decays), cut to its `maxTerms` heaviest terms. Cosine with a unit vector is the dot
 * product over the vector's terms divided by the centroid's length, kept up to date.
 */
export class Centroid {
  private length = 0;

  constructor(readonly weights: Map<string, number> = new Map()) {
    this.length = lengthOf(weights);
  }

  /** Scales what is there by `keep` (0–1), adds `vector`, cuts to `maxTerms`; returns the terms that came and went. */
  add(vector: TermVector, keep: number, maxTerms: number): CentroidChange {
    const added: string[] = [];
    if (keep !== 1) for (const [term, weight] of this.weights) this.weights.set(term, weight * keep);
    for (const [term, weight] of vector) {
      const had = this.weights.get(term);
      if (had === undefined) added.push(term);
      this.weights.set(term, (had ?? 0) + weight);
    }
    const cut = this.weights.size > maxTerms ? this.cut(maxTerms) : [];
    this.length = lengthOf(this.weights);
    if (cut.length === 0) return { added, removed: [] };
    // A term added and cut in the same step was never indexed: it neither came nor went.
    const fresh = new Set(added);
    return { added: added.filter((term) => this.weights.has(term)), removed: cut.filter((term) => !fresh.has(term)) };
  }

  cosine(vector: TermVector): number {
    if (this.length === 0) return 0;
    let dot = 0;
    for (const [term, weight] of vector) {
      const mine = this.weights.get(term);
      if (mine !== undefined) dot += mine * weight;
    }
    return dot / this.length;
  }

  /** Keeps the `maxTerms` heaviest terms (ties: the alphabetically first), in their order; returns the others. */
  private cut(maxTerms: number): string[] {
    const ranked = [...this.weights].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const removed = ranked.slice(maxTerms).map(([term]) => term);
    for (const term of removed) this.weights.delete(term);
    return removed;
  }
}

function lengthOf(weights: ReadonlyMap<string, number>): number {
  let squares = 0;
  for (const weight of weights.values()) squares += weight * weight;
  return Math.sqrt(squares);
}
