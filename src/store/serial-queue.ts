/** Runs a task after every task queued before it has settled; returns the task's own outcome. */
export type SerialQueue = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * A promise-chain mutex: tasks run one at a time, in call order. A failed task does not stop the
 * ones queued after it.
 */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
