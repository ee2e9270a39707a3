/**
 * Small numbers for the terms the centroids of one level hold, each term's string kept once however
 * many centroids hold it. A term's id is freed when the last centroid holding it lets it go, and is
 * then given to the next new term.
 */
export class TermIds {
  private readonly ids = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly holders: number[] = [];
  private readonly free: number[] = [];

  /** The term's id, or -1 when no centroid holds it. */
  idOf(term: string): number {
    return this.ids.get(term) ?? -1;
  }

  termOf(id: number): string {
    return this.terms[id]!;
  }

  /** The term's id, counting one more centroid holding it. */
  acquire(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.free.pop() ?? this.terms.length;
      this.ids.set(term, id);
      this.terms[id] = term;
      this.holders[id] = 0;
    }
    this.holders[id]! += 1;
    return id;
  }

  /** One centroid fewer holds the term. */
  release(id: number): void {
    this.holders[id]! -= 1;
    if (this.holders[id] !== 0) return;
    this.ids.delete(this.terms[id]!);
    this.terms[id] = '';
    this.free.push(id);
  }

  /** How many terms are held. */
  get size(): number {
    return this.ids.size;
  }
}
