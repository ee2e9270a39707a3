import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rssFeed, type FactoryItem } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { atomEntries } from '../helpers/feed-xml.js';
import { waitFor } from '../helpers/wait-for.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { spawnDaemon, type DaemonChild } from './daemon-child.js';

export interface FaultScenarioOptions {
  storeUri: string;
  outDir: string;
  configFile: string;
  /** Runs the daemon as this user, so file modes apply to it. */
  user?: { uid: number; gid: number };
  /** Called once the daemon has published the first items; sets the fault up. */
  induce: () => Promise<void>;
  /** Called once the fault has been logged and outlived a few polls; takes it away. */
  clear: () => Promise<void>;
  /** Restart the daemon after `induce`: for faults that only bite when the store is opened. */
  restartAfterInduce?: boolean;
  /** The log line that shows the fault was seen. @default a source failing on the store */
  faultLogged?: RegExp;
}

export interface FaultScenarioResult {
  log: string;
  /** Output files (all.atom/.rss/.json) while the fault lasted: byte-equal to before it? */
  outputsKept: boolean;
  /** externalIds in the store after the run, index order (duplicates kept, to be counted). */
  stored: string[];
  exitCode: number | null;
}

const FILES = ['all.atom', 'all.rss', 'all.json'];
const story = (n: number): FactoryItem => ({ guid: `story-${n}`, title: `Story ${n}`, link: `https://fault.example/${n}`, date: new Date(Date.UTC(2026, 0, 1, n)).toISOString() });

/**
 * The daemon polls a feed every second; it publishes two stories, then the store fails (`induce`)
 * while two more appear; once the failure is logged and a few more polls have hit it, it clears.
 * The daemon must stay up, leave the outputs alone meanwhile, and then publish all four, once each.
 */
export async function runFaultScenario(options: FaultScenarioOptions): Promise<FaultScenarioResult> {
  const items = [story(1), story(2)];
  const feeds = await FeedServer.start({
    '/news.rss': (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('News', items)),
  });
  let daemon: DaemonChild | undefined;
  try {
    await writeFile(
      options.configFile,
      JSON.stringify({
        output: { title: 'Fault test', id: 'urn:tributary:fault', maxItems: 100 },
        sources: [{ key: 'news', name: 'News', url: feeds.url('/news.rss'), schedule: '* * * * * *' }],
        schedule: { jitterSeconds: 0, honourFeedHints: false },
        server: { host: '127.0.0.1', port: 0 },
      }),
    );
    const start = () => spawnDaemon(['--config', options.configFile, '--store', options.storeUri, '--out', options.outDir], options.user ?? {});
    daemon = start();
    await daemon.started();
    const before = await waitFor('the first two stories to be published in all three files', () => outputsHolding(options.outDir, 2), 30_000);

    await options.induce();
    let logLength = daemon.output().length;
    if (options.restartAfterInduce) {
      const code = await daemon.stop();
      if (code !== 0) throw new Error(`the daemon did not stop cleanly (${String(code)}):\n${daemon.output()}`);
      daemon = start();
      await daemon.started();
      logLength = 0;
    }
    items.push(story(3), story(4));
    const faultLogged = options.faultLogged ?? /"error_kind":"store"|could not|failed/;
    // Three failures logged: the fault has outlived more than one poll (a poll logs one or two).
    const failuresLogged = () =>
      daemon!
        .output()
        .slice(logLength)
        .split('\n')
        .filter((line) => faultLogged.test(line)).length;
    await waitFor('the fault to be logged three times', () => failuresLogged() >= 3, 90_000);
    const during = await readOutputs(options.outDir);
    const outputsKept = FILES.every((file) => during.get(file) === before.get(file));
    if (daemon.child.exitCode !== null) throw new Error(`the daemon exited during the fault:\n${daemon.output()}`);

    await options.clear();
    // A failure recorded in the fetch state backs the source off (1–2 min); give it that long.
    await waitFor('all four stories to be published', () => outputsHolding(options.outDir, 4), 150_000);
    const exitCode = await daemon.stop();
    return { log: daemon.output(), outputsKept, stored: await storedIds(options.storeUri), exitCode };
  } finally {
    await daemon?.stop();
    await feeds.close();
  }
}

async function readOutputs(dir: string): Promise<Map<string, string>> {
  return new Map(await Promise.all(FILES.map(async (file) => [file, await readFile(join(dir, file), 'utf8')] as const)));
}

/** The three output files, once each holds stories 1 to `count` (the files are written one by one). */
async function outputsHolding(dir: string, count: number): Promise<Map<string, string> | undefined> {
  let outputs: Map<string, string>;
  try {
    outputs = await readOutputs(dir);
  } catch {
    return undefined;
  }
  if (atomEntries(outputs.get('all.atom')!).length !== count) return undefined;
  const all = Array.from({ length: count }, (_, i) => `Story ${i + 1}<`);
  return FILES.every((file) => all.every((title) => outputs.get(file)!.replace(/"/g, '<').includes(title))) ? outputs : undefined;
}

async function storedIds(storeUri: string): Promise<string[]> {
  const store = await openItemStore(storeUri, { retentionDays: 30, seenRetentionDays: 365 });
  try {
    const ids: string[] = [];
    for await (const item of store.iterateNewest()) ids.push(item.externalId);
    return ids;
  } finally {
    await store.close();
  }
}
