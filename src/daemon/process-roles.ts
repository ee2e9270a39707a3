import type { Config, SourceConfig } from '../config/schema.js';
import type { PipelineDeps, RefreshOutcome } from '../pipeline/refresh-source.js';

/** What the daemon does for its roles, called by them. */
export interface RoleHooks {
  /** The current config (a reload replaces it). */
  config: () => Config;
  /** Polls one due source in this process. */
  pollHere: (source: SourceConfig, dueAt?: Date) => void;
  /** Polls every enabled source in this process now: at start, or on becoming the process that polls. */
  pollAllHere: () => void;
  /** The store changed in a way the outputs may show: publish. */
  changed: () => void;
  /** The pipeline a fleet worker's jobs run on: the current config's. */
  pipeline: () => PipelineDeps;
  /** Aborted at shutdown, after the grace period: a job waiting for a per-host slot gives up. */
  signal: AbortSignal;
  /** A worker's job refreshed a source here. */
  refreshed: (outcome: RefreshOutcome) => void;
}

/**
 * What a process of `tributary run` does and how: the single process of an embedded store polls,
 * publishes and serves by itself; the processes of a fleet on one Redis share those jobs (see
 * fleet-roles.ts). The daemon asks its roles instead of telling the two apart.
 */
export interface ProcessRoles {
  /** Runs the cron schedule of the sources. */
  readonly schedules: boolean;
  /** Publishes (renders, serves, and writes when writesFiles says so). */
  readonly publishes: boolean;
  /** Ready before its first cycle: a fleet's process is ready once its parts run. */
  readonly readyAtStart: boolean;
  /** States change in other processes too: a publisher reads them again after each publish. */
  readonly sharesStates: boolean;
  /** For the log line at start. */
  readonly description: string;
  /** Whether this process writes the output files now. */
  writesFiles(): boolean;
  /** Before the first publish: what decides who writes the files, and how changes elsewhere are heard of. */
  startPublishing(hooks: RoleHooks): Promise<void>;
  /** Once the schedule runs: the polling (here, or the scheduler lease, the queue and the worker). */
  startWork(hooks: RoleHooks): Promise<void>;
  /** A source is due: polled here (by the one process that polls), or queued for the workers. */
  dispatch(source: SourceConfig, dueAt: Date): void;
  /** A change this process committed, announced to the other processes' publishers. */
  announceChange(): void;
  /** A new config: limits that live outside this process follow it. */
  reconfigure(config: Config): Promise<void>;
  /** Stops taking work (scheduling, jobs); resolves when jobs in progress are done. */
  stopTakingWork(): Promise<void>;
  /** Gives up on jobs still running after the grace period. */
  abandonWork(): void;
  /** Releases what the roles hold (leases, connections). */
  close(): Promise<void>;
}

/** The single process of an embedded store: every role, all of it here. */
export class SingleProcessRoles implements ProcessRoles {
  readonly schedules = true;
  readonly publishes = true;
  readonly readyAtStart = false;
  readonly sharesStates = false;
  readonly description = 'all';
  private hooks: RoleHooks | undefined;

  writesFiles(): boolean {
    return true;
  }

  async startPublishing(): Promise<void> {}

  async startWork(hooks: RoleHooks): Promise<void> {
    this.hooks = hooks;
    hooks.pollAllHere();
  }

  dispatch(source: SourceConfig, dueAt: Date): void {
    this.hooks?.pollHere(source, dueAt);
  }

  announceChange(): void {}
  async reconfigure(): Promise<void> {}
  async stopTakingWork(): Promise<void> {}
  abandonWork(): void {}
  async close(): Promise<void> {}
}
