import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { startDaemon } from '../helpers/run-cli.js';
import { FeedServer } from '../helpers/feed-server.js';
import { rssFeed, type FactoryItem } from '../helpers/feed-factory.js';
import { createWorkspace, testConfig, type Workspace } from '../helpers/temp-workspace.js';
import { waitFor } from '../helpers/wait-for.js';

/** One `tributary run --role …` process of a fleet, started as pm2 would (IPC, 'ready'). */
export interface FleetProcess {
  name: string;
  role: string;
  pid: number;
  output(): string;
  /** The JSON log lines written so far. */
  logs(): Array<Record<string, unknown>>;
  /** SIGTERM (or the given signal); resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  readonly exited: boolean;
}

/** Every process startRole started that has not exited yet, whatever the test did with it since. */
const running = new Set<ChildProcess>();

export async function startRole(name: string, role: string, work: Workspace, env: NodeJS.ProcessEnv = {}): Promise<FleetProcess> {
  const child = startDaemon(['--config', work.configFile, '--out', work.outDir, '--role', role], { env: { LOG_LEVEL: 'debug', ...env } });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const exited = once(child, 'exit');
  const [message] = (await Promise.race([once(child, 'message'), exited.then(() => [`${name} exited early: ${child.output()}`])])) as [unknown];
  if (message !== 'ready') throw new Error(String(message));
  return {
    name,
    role,
    pid: child.pid!,
    output: () => child.output(),
    logs: () => parseLogs(child.output()),
    get exited() {
      return child.exitCode !== null || child.signalCode !== null;
    },
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/**
 * SIGKILLs every process startRole started that still runs, and waits for them to exit: for an
 * afterEach, so that a failed assertion or a stop that hung leaves no process behind (one that
 * started but never said it was ready included).
 */
export async function killStartedRoles(): Promise<void> {
  await Promise.all(
    [...running].map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }),
  );
}

export function parseLogs(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export interface JobDone {
  source: string;
  dueAt: string;
  status: string;
  worker: string;
  /** When the poll ended (ms since the epoch). */
  at: number;
}

/** Every 'job done' a worker logged: which source it polled, for which due time, and when. */
export function jobsDone(processes: readonly FleetProcess[]): JobDone[] {
  return processes.flatMap((process) =>
    process
      .logs()
      .filter((line) => line.msg === 'job done')
      .map((line) => ({ source: String(line.source_key), dueAt: String(line.due_at), status: String(line.status), worker: process.name, at: Date.parse(String(line.time)) })),
  );
}

/**
 * Feeds that can gain items between polls, each answering 304 to a matching ETag: the local
 * stand-in for a fleet's sources.
 */
export class ChangingFeeds {
  readonly items = new Map<string, FactoryItem[]>();
  /** Feeds whose next request is left unanswered, with what to call when it comes. */
  private readonly holding = new Map<string, () => void>();

  private constructor(readonly server: FeedServer) {}

  static async start(keys: readonly string[], itemsEach: number): Promise<ChangingFeeds> {
    const feeds = new ChangingFeeds(await FeedServer.start());
    for (const key of keys) {
      feeds.items.set(key, []);
      feeds.add(key, itemsEach);
      feeds.server.route(`/${key}.xml`, (req, res) => {
        const held = feeds.holding.get(key);
        if (held) {
          feeds.holding.delete(key);
          held();
          return;
        }
        const items = feeds.items.get(key)!;
        const etag = `"${key}-${items.length}"`;
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, { etag }).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(rssFeed(`Feed ${key}`, items));
      });
    }
    return feeds;
  }

  /** Adds `count` items to a feed, each newer than the last. */
  add(key: string, count: number): void {
    const items = this.items.get(key)!;
    for (let i = 0; i < count; i += 1) {
      const n = items.length + 1;
      items.push({
        guid: `${key}-item-${n}`,
        title: `${key} story ${n}`,
        link: `https://example.test/${key}/${n}`,
        date: new Date(Date.UTC(2026, 10, 1, 0, 0, 0) + hashOf(key) * 60_000 + n * 3_600_000).toISOString(),
      });
    }
  }

  /** Leaves the next request for a feed unanswered (its client waits); resolves when it comes. */
  holdNextRequest(key: string): Promise<void> {
    return new Promise((resolve) => this.holding.set(key, resolve));
  }

  requestsTo(key: string): number {
    return this.server.requestsTo(`/${key}.xml`);
  }

  get total(): number {
    return [...this.items.values()].reduce((sum, items) => sum + items.length, 0);
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

function hashOf(key: string): number {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) % 997;
  return hash;
}

/** A workspace whose config polls every feed on `schedule`, with a fleet's settings on `redisUri`. */
export async function fleetWorkspace(feeds: ChangingFeeds, redisUri: string, options: { schedule: string; leaseSeconds: number }): Promise<Workspace> {
  const work = await createWorkspace();
  const sources = [...feeds.items.keys()].map((key) => ({ key, url: feeds.server.url(`/${key}.xml`), schedule: options.schedule }));
  await work.writeConfig(
    testConfig(sources, {
      store: { uri: redisUri },
      schedule: { jitterSeconds: 0, honourFeedHints: false },
      fetch: { timeoutMs: 5000, connectTimeoutMs: 2000, concurrency: 8, perHostConcurrency: 4 },
      cluster: { leaseSeconds: options.leaseSeconds },
    }),
  );
  return work;
}

export { waitFor };
