/**
 * Writes of a backend's own structures (a table beside keyv's, a Redis stream) staged to ride in the
 * transaction of the next keyv setMany: see SqliteAdapter.writeTogether and RedisCommitMulti. Calls
 * may nest (the newest-items index around the change log around the entries): every write staged
 * when the setMany comes runs in it, in the order staged.
 */
export class StagedWrites<Target> {
  private pending: Array<Stage<Target>> = [];

  /**
   * Stages `write`, then runs `setEntries`, which must make the one setMany that takes it (else this
   * throws, and nothing is left staged for a later write). Callers serialize their commits (the
   * store's queue), so no other setMany can take it meanwhile.
   */
  async around(write: (target: Target) => void, setEntries: () => Promise<void>): Promise<void> {
    const stage: Stage<Target> = { write, taken: false };
    this.pending.push(stage);
    try {
      await setEntries();
      if (!stage.taken) throw new Error('writeTogether: setEntries made no setMany; the staged write was not made');
    } finally {
      this.pending = this.pending.filter((pending) => pending !== stage);
    }
  }

  /** The writes staged now, for the setMany about to run; none are left staged. */
  take(): Array<(target: Target) => void> {
    const taken = this.pending;
    this.pending = [];
    for (const stage of taken) stage.taken = true;
    return taken.map((stage) => stage.write);
  }
}

interface Stage<Target> {
  write: (target: Target) => void;
  taken: boolean;
}
