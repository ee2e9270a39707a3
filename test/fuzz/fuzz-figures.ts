import type { CaseRun } from './fuzz-pipeline.js';

/** What a fuzz run did, for its closing line (and the table in docs/reliability.md). */
export class FuzzFigures {
  cases = 0;
  accepted = 0;
  /** Accepted documents that held no item a reader would keep. */
  acceptedEmpty = 0;
  readonly rejectedBy = new Map<string, number>();
  itemsPublished = 0;
  /** Time spent running cases: serving, refreshing, publishing and checking them. */
  private caseMs = 0;
  /** The slowest case: a hint of work out of proportion to the input. */
  slowestMs = 0;

  record(run: CaseRun, ms: number): void {
    this.cases += 1;
    this.caseMs += ms;
    this.slowestMs = Math.max(this.slowestMs, ms);
    if (run.outcome.status === 'failed') {
      const kind = run.outcome.errorKind ?? 'untyped';
      this.rejectedBy.set(kind, (this.rejectedBy.get(kind) ?? 0) + 1);
      return;
    }
    this.accepted += 1;
    const items = run.published?.items ?? 0;
    if (items === 0) this.acceptedEmpty += 1;
    this.itemsPublished += items;
  }

  get rejected(): number {
    return [...this.rejectedBy.values()].reduce((sum, count) => sum + count, 0);
  }

  summary(): string {
    const kinds = [...this.rejectedBy.entries()]
      .sort(([, a], [, b]) => b - a)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ');
    const seconds = (this.caseMs / 1000).toFixed(1);
    return `${this.cases} cases: ${this.accepted} accepted (${this.acceptedEmpty} with no items), ${this.rejected} rejected (${kinds || 'none'}), ${this.itemsPublished} items published, ${seconds} s (slowest case ${Math.round(this.slowestMs)} ms)`;
  }
}
