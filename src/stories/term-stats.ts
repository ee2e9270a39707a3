/** A decayed count and the stream time (ms) it was last brought up to. */
interface DecayedCount {
  value: number;
  at: number;
}

/** The table as a snapshot holds it: documents, then `[term, count, at]` in the table's order. */
export interface TermStatsState {
  documents: [value: number, at: number];
  terms: Array<[term: string, value: number, at: number]>;
}

/**
 * Document frequencies learnt from the stream itself, in bounded memory: every count decays with a
 * half-life (so last month's vocabulary fades and this week's dominates) and the table keeps at
 * most `maxTerms` terms, dropping the least frequent (then alphabetically last) when it overflows.
 * Time is the stream's (items' published times), never the clock, so a replay gives the same table.
 */
export class TermStats {
  private readonly decayPerMs: number;
  private documents: DecayedCount = { value: 0, at: 0 };
  private readonly terms = new Map<string, DecayedCount>();

  constructor(
    halfLifeMs: number,
    private readonly maxTerms: number,
  ) {
    this.decayPerMs = Math.LN2 / halfLifeMs;
  }

  /** Counts one document holding `terms` (each once) at stream time `at` (a time before the table's latest counts as the latest). */
  addDocument(terms: Iterable<string>, time: number): void {
    const at = Math.max(time, this.documents.at);
    this.documents = { value: this.valueAt(this.documents, at) + 1, at };
    for (const term of terms) {
      const seen = this.terms.get(term);
      if (seen) {
        seen.value = this.valueAt(seen, at) + 1;
        seen.at = at;
      } else {
        this.terms.set(term, { value: 1, at });
      }
    }
    if (this.terms.size > this.maxTerms) this.prune(at);
  }

  /**
   * The inverse document frequency of a term at stream time `at`: ln(1 + N / df), with N the
   * decayed number of documents and df the term's decayed count (at least 1: a term the table
   * does not hold, or no longer holds, is as rare as a term can be).
   */
  idf(term: string, at: number): number {
    const documents = Math.max(1, this.valueAt(this.documents, at));
    const seen = this.terms.get(term);
    const frequency = seen ? Math.max(1, this.valueAt(seen, at)) : 1;
    return Math.log(1 + documents / frequency);
  }

  /** Whether a term is in at most `share` of the documents, or at most `minCount` of them (decayed counts at `at`). */
  isRare(term: string, at: number, share: number, minCount: number): boolean {
    const seen = this.terms.get(term);
    if (!seen) return true;
    return this.valueAt(seen, at) <= Math.max(minCount, share * this.valueAt(this.documents, at));
  }

  get size(): number {
    return this.terms.size;
  }

  toState(): TermStatsState {
    return { documents: [this.documents.value, this.documents.at], terms: [...this.terms].map(([term, count]) => [term, count.value, count.at]) };
  }

  static fromState(state: TermStatsState, halfLifeMs: number, maxTerms: number): TermStats {
    const stats = new TermStats(halfLifeMs, maxTerms);
    stats.documents = { value: state.documents[0], at: state.documents[1] };
    for (const [term, value, at] of state.terms) stats.terms.set(term, { value, at });
    return stats;
  }

  private valueAt(count: DecayedCount, at: number): number {
    return at <= count.at ? count.value : count.value * Math.exp(-this.decayPerMs * (at - count.at));
  }

  /** Down to 90 % of the cap: the least frequent terms now go first, ties broken by the term. */
  private prune(at: number): void {
    const keep = Math.floor(this.maxTerms * 0.9);
    const ranked = [...this.terms].map(([term, count]) => ({ term, value: this.valueAt(count, at) }));
    ranked.sort((a, b) => a.value - b.value || (a.term < b.term ? 1 : a.term > b.term ? -1 : 0));
    for (const { term } of ranked.slice(0, ranked.length - keep)) this.terms.delete(term);
  }
}
