import type { Job, Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { outageLog } from './outage-log.js';
import { dropRedisClient, openRedisClient, quitRedisClient, type RedisClient } from './redis-client.js';
import { closeWithin } from './settle-within.js';

/** One due poll of one source, as the scheduler hands it to the workers. */
export interface RefreshJob {
  sourceKey: string;
  /** The due time (the cron tick) this poll is for, ISO 8601. */
  dueAt: string;
}

const QUEUE_NAME = 'refresh';

/*
 * A job whose worker is gone (killed, or cut off by a Redis restart after Redis had handed it the
 * job) goes back to the queue once its lock has expired and a stalled-job check has run. BullMQ's
 * defaults (30 s each) leave such a source unpolled for up to a minute, and its due times pending
 * behind the lost job (one job id per source). A poll is short and a live worker renews its lock
 * every half lock, so 10 s and 5 s are safe: a job taken twice is skipped (see runRefreshJob).
 */
const JOB_LOCK_MS = 10_000;
const STALLED_CHECK_MS = 5_000;

/**
 * The job id of a source's poll. One per source, so a source is never queued twice: adding it while
 * its job waits or runs does nothing (BullMQ keeps ids unique). BullMQ refuses ids that are
 * integers or contain ':', hence the prefix.
 */
export function refreshJobId(sourceKey: string): string {
  return `source-${sourceKey}`;
}

/** What a worker's `process` answers for a job it gave up before polling, as it stops: the job is put back. */
export const ABANDONED = 'abandoned';

/**
 * The scheduler's side of the BullMQ queue. A due poll that cannot be queued yet (Redis away, or
 * the source's previous poll not done) is kept and retried every second, the latest due time per
 * source: an outage or a backlog delays polls, and merges the due times it spans into one.
 */
export class RefreshQueue {
  private readonly pending = new Map<string, RefreshJob>();
  private readonly retryTimer: NodeJS.Timeout;
  /** The flush pass running, and the one queued behind it: every flush asked for meanwhile shares that one. */
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly queue: Queue<RefreshJob>,
    private readonly client: RedisClient,
    private readonly logger: Logger,
  ) {
    this.retryTimer = setInterval(() => void this.flush(), 1_000);
    this.retryTimer.unref();
  }

  static async open(uri: string, prefix: string, logger: Logger): Promise<RefreshQueue> {
    const { Queue } = await import('bullmq');
    const client = await openRedisClient(uri, 'tributary-scheduler', { offlineQueue: true });
    const queue = new Queue<RefreshJob>(QUEUE_NAME, { connection: client as never, prefix: `${prefix}:bull` });
    queue.on('error', outageLog(logger, 'refresh queue: Redis error'));
    return new RefreshQueue(queue, client, logger);
  }

  /** Queues the poll of a source for its due time (or keeps it to retry). */
  enqueue(job: RefreshJob): Promise<void> {
    this.pending.set(job.sourceKey, job);
    return this.flush();
  }

  /** fetch.concurrency across every worker of the fleet. */
  async setGlobalConcurrency(concurrency: number): Promise<void> {
    await this.queue.setGlobalConcurrency(concurrency);
  }

  /**
   * Stops queueing: the due polls being queued, BullMQ's close and the QUIT of the connection,
   * within CLOSE_TIMEOUT_MS. Redis away, the client keeps their commands until it is back, and a
   * paused Redis never answers: then the connection is dropped, and what was not queued is left
   * for the next scheduler (it queues every source for its latest due time).
   */
  async close(): Promise<void> {
    clearInterval(this.retryTimer);
    this.closed = true;
    const closing = (async () => {
      await (this.queued ?? this.running);
      await this.queue.close().catch(() => undefined);
      await quitRedisClient(this.client);
    })();
    await closeWithin(closing, {
      givingUp: 'closing the refresh queue (due polls being queued, its Redis connection tributary-scheduler)',
      logger: this.logger,
      giveUp: () => dropRedisClient(this.client),
    });
    if (this.pending.size > 0) this.logger.warn({ pending: this.pending.size }, 'stopping with due polls not queued; the next scheduler queues them');
  }

  /**
   * Queues a due poll unless its source's job already covers it. A job for an earlier due time
   * that still waits or runs would swallow this one (same id), so the due time stays pending and
   * is placed once that job is done: each due time gets its own poll, never two at once.
   */
  private async place(job: RefreshJob): Promise<boolean> {
    const id = refreshJobId(job.sourceKey);
    const existing = await this.queue.getJob(id);
    if (existing) return Date.parse(existing.data.dueAt) >= Date.parse(job.dueAt);
    await this.queue.add(QUEUE_NAME, job, { jobId: id, removeOnComplete: true, removeOnFail: true });
    return true;
  }

  /**
   * Tries every pending due poll once more. Each pass goes through all of them, so passes are not
   * chained per call (a backlog of N would cost N×N lookups): one runs, and one waits behind it for
   * the due polls kept since it started, shared by every flush asked for meanwhile.
   */
  private flush(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) return this.startPass();
    const next = () => {
      this.queued = undefined;
      return this.startPass();
    };
    this.queued = this.running.then(next, next);
    return this.queued;
  }

  private startPass(): Promise<void> {
    const pass = this.pass().finally(() => {
      if (this.running === pass) this.running = undefined;
    });
    this.running = pass;
    return pass;
  }

  private async pass(): Promise<void> {
    if (this.pending.size === 0 || this.closed) return;
    const jobs = [...this.pending.values()];
    // One add per job, not addBulk: BullMQ's node-redis adapter sends addBulk as a MULTI of cached
    // scripts, which fails for good once a restarted Redis has forgotten them (NOSCRIPT); a
    // single add falls back to EVAL. node-redis pipelines the adds all the same.
    let failed = 0;
    let firstError: unknown;
    for (let start = 0; start < jobs.length; start += 500) {
      await Promise.all(
        jobs.slice(start, start + 500).map(async (job) => {
          try {
            if (await this.place(job)) {
              // Only what was placed: a later due time pending meanwhile stays pending.
              if (this.pending.get(job.sourceKey) === job) this.pending.delete(job.sourceKey);
            }
          } catch (error) {
            failed += 1;
            firstError ??= error;
          }
        }),
      );
    }
    if (failed === 0) this.logger.debug({ jobs: jobs.length }, 'due polls queued');
    // Failing once closed is the close giving them up (said there), not a reason to retry.
    else if (!this.closed) this.logger.warn({ err: firstError, failed, pending: this.pending.size }, 'could not queue due polls; retrying every second');
  }
}

export interface RefreshWorkerOptions {
  uri: string;
  prefix: string;
  /** Jobs this process runs at once (the fleet-wide limit is the queue's global concurrency). */
  concurrency: number;
  logger: Logger;
  process: (job: RefreshJob) => Promise<string>;
}

/** A worker of the queue: runs each job through `process`; returns the function that stops it. */
export async function startRefreshWorker(options: RefreshWorkerOptions): Promise<{ close: () => Promise<void>; forceClose: () => void; setConcurrency: (n: number) => void }> {
  const { Worker, WaitingError } = await import('bullmq');
  const client = await openRedisClient(options.uri, 'tributary-worker', { offlineQueue: true });
  // The jobs running here: a close waits for them before it bounds what is left.
  const running = new Set<Promise<string>>();
  const track = (job: RefreshJob) => {
    const run = options.process(job);
    running.add(run);
    void run.catch(() => undefined).finally(() => running.delete(run));
    return run;
  };
  const processJob = async (job: Job<RefreshJob, string>, token?: string) => {
    const status = await track(job.data);
    if (status !== ABANDONED) return status;
    await putBack(job, token, options.logger);
    // Moved already: neither completed nor failed, either of which would remove it.
    throw new WaitingError();
  };
  const worker: Worker<RefreshJob, string> = new Worker<RefreshJob, string>(QUEUE_NAME, processJob, {
    connection: client as never,
    prefix: `${options.prefix}:bull`,
    concurrency: options.concurrency,
    lockDuration: JOB_LOCK_MS,
    stalledInterval: STALLED_CHECK_MS,
  });
  worker.on('error', outageLog(options.logger, 'refresh worker: Redis error'));
  worker.on('failed', (job, error) => options.logger.error({ err: error, source_key: job?.data.sourceKey }, 'refresh job failed'));
  const forceClose = () => {
    void worker.close(true).catch(() => undefined);
    dropRedisClient(client);
  };
  return {
    setConcurrency: (n: number) => {
      worker.concurrency = n;
    },
    close: async () => {
      // Stops taking jobs at once. The jobs it runs finish first: that wait is the daemon's, which
      // bounds it by its grace period (then aborts them, and at last calls forceClose).
      const closing = worker.close();
      while (running.size > 0) await Promise.allSettled([...running]);
      // What is left goes through Redis (the last jobs marked done, the connections closed): with
      // Redis away or paused that never ends, so it is bounded.
      await closeWithin(
        closing.catch(() => undefined).then(() => quitRedisClient(client)),
        {
          givingUp: 'closing the refresh worker (the last jobs marked done, its Redis connection tributary-worker)',
          logger: options.logger,
          giveUp: forceClose,
        },
      );
    },
    forceClose,
  };
}

/**
 * Puts a job back at the head of the queue, under the same id: the scheduler goes on holding that
 * source's later due times behind it, and another worker polls it for its due time. When Redis
 * cannot be told, the job stays active and goes back once its lock expires, as a dead worker's does.
 */
async function putBack(job: Job<RefreshJob, string>, token: string | undefined, logger: Logger): Promise<void> {
  const fields = { source_key: job.data.sourceKey, due_at: job.data.dueAt };
  try {
    await job.moveToWait(token);
    logger.info(fields, 'job put back in the queue: its worker is stopping');
  } catch (error) {
    logger.warn({ ...fields, err: error }, 'could not put back the job of a stopping worker; it goes back once its lock expires');
  }
}
