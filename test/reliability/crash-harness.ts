import { runCli } from '../helpers/run-cli.js';
import { createWorkspace, type Workspace } from '../helpers/temp-workspace.js';
import { waitFor } from '../helpers/wait-for.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { spawnDaemon, type DaemonChild } from './daemon-child.js';
import { GrowingFeeds } from './growing-feeds.js';
import { duplicatesOf, readOutputIds, tempFilesIn } from './output-files.js';
import { hashId, itemKey } from '../../src/store/store-keys.js';
import { seededRandom } from '../helpers/seeded-random.js';

export interface CrashRunOptions {
  /** SIGKILLs to deliver. */
  kills: number;
  /** Seeds the kill moments, so a failing run can be replayed. */
  seed: number;
  /** A kill lands this long after the daemon started (or, one in five, after it was spawned): uniformly between the two. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

export interface CrashFigures {
  seed: number;
  kills: number;
  /** Kills that landed after the daemon had logged 'tributary started'. */
  killsAfterStart: number;
  /** Kills that landed after the killed process had published at least once. */
  killsAfterPublish: number;
  /** Kills after which a temp file (`.*.tmp`) was found in the output folder: a write cut short. */
  killsMidWrite: number;
  itemsServed: number;
  itemsStored: number;
  /** Entries of all.atom after the final clean run. */
  outputEntries: number;
  durationMs: number;
}

/** What the end-of-run checks found wrong; empty when the daemon survived every kill intact. */
export interface CrashProblems {
  missing: string[];
  unexpected: string[];
  duplicatesInStore: string[];
  outputProblems: string[];
  tempFilesLeft: string[];
}

/**
 * Runs `tributary run` (the built CLI) against feeds that keep growing, SIGKILLs it at seeded
 * random moments and restarts it, checking after every kill that the output files on disk are whole;
 * then runs it once more cleanly (all sources polled, SIGTERM) and compares the store and the
 * outputs with everything the server ever served.
 */
export async function runCrashHarness(options: CrashRunOptions): Promise<{ figures: CrashFigures; problems: CrashProblems }> {
  const started = Date.now();
  const random = seededRandom(options.seed);
  const minDelay = options.minDelayMs ?? 0;
  const maxDelay = options.maxDelayMs ?? 2500;
  // A feed stops growing at 150 items (450 in all; 30 kills serve 350 to 650 on this machine), none drops out.
  const feeds = await GrowingFeeds.start({ feeds: 3, everyMs: 200, window: 150 });
  const work = await createWorkspace();
  const outputProblems: string[] = [];
  let killsAfterStart = 0;
  let killsAfterPublish = 0;
  let killsMidWrite = 0;
  try {
    await work.writeConfig(crashConfig(feeds));
    const args = ['--config', work.configFile, '--store', work.storeUri, '--out', work.outDir];
    // runCli checks once that dist/ is fresh; the runs below skip that walk of src/ (hundreds of starts).
    const version = await runCli(['--version']);
    if (version.code !== 0) throw new Error(`the built CLI does not run: ${version.stderr}`);

    for (let kill = 1; kill <= options.kills; kill++) {
      const daemon = spawnDaemon(args);
      // One kill in five may land during start-up; the rest once the daemon is working: three in ten
      // counted from its start, half from its first publish (or 10 s, if it has nothing to publish).
      // Counted from the start alone, a machine loaded enough to take more than the delays to publish
      // left too few kills hitting a daemon that had published.
      const moment = random();
      const delay = minDelay + random() * (maxDelay - minDelay);
      const from = moment < 0.2 ? Promise.resolve() : moment < 0.5 ? untilLogged(daemon, 'tributary started') : Promise.race([untilLogged(daemon, 'published'), sleep(10_000)]);
      const early = await Promise.race([from.then(() => sleep(delay)).then(() => false), daemon.exited.then(() => true)]);
      if (early) throw new Error(`run ${kill} exited by itself before its kill (code ${String(daemon.child.exitCode)}):\n${daemon.output()}`);
      daemon.child.kill('SIGKILL');
      await daemon.exited;
      const log = daemon.output();
      if (log.includes('"msg":"tributary started"')) killsAfterStart++;
      if (log.includes('"msg":"published"')) killsAfterPublish++;
      if ((await tempFilesIn(work.outDir)).length > 0) killsMidWrite++;
      outputProblems.push(...(await checkOutputs(work, `after kill ${kill}`)));
    }

    feeds.freeze();
    const cleanRunLog = await runCleanly(args, work.outDir, () => feeds.served.size);
    const stored = await readStoredKeys(work);
    const served = feeds.served;
    const finalIds = await readOutputIds(work.outDir);
    outputProblems.push(...(await checkOutputs(work, 'after the clean run')));
    for (const [format, ids] of Object.entries(finalIds)) {
      if (ids.length !== served.size) outputProblems.push(`after the clean run: all.${format} holds ${ids.length} entries, ${served.size} were served`);
    }
    const storedSet = new Set(stored);
    const missing = [...served].filter((key) => !storedSet.has(key));
    // Whether each missing item is stored at all (its index row lost) or not (never committed).
    if (missing.length > 0) outputProblems.push(`missing items whose entry is stored (not indexed): ${(await storedEntries(work, missing)).join(', ') || 'none'}`);
    // What the clean run said of each source with items missing: why they were not stored.
    for (const sourceKey of new Set(missing.map((key) => key.split('\u0000')[0]))) {
      const said = cleanRunLog.split('\n').filter((line) => line.includes(`"source_key":"${sourceKey}"`));
      outputProblems.push(`the clean run's log of ${sourceKey}:\n${said.join('\n')}`);
    }
    return {
      figures: {
        seed: options.seed,
        kills: options.kills,
        killsAfterStart,
        killsAfterPublish,
        killsMidWrite,
        itemsServed: served.size,
        itemsStored: storedSet.size,
        outputEntries: finalIds.atom?.length ?? 0,
        durationMs: Date.now() - started,
      },
      problems: {
        missing,
        unexpected: [...storedSet].filter((key) => !served.has(key)),
        duplicatesInStore: duplicatesOf(stored),
        outputProblems,
        tempFilesLeft: await tempFilesIn(work.outDir),
      },
    };
  } finally {
    await feeds.close();
  }
}

function crashConfig(feeds: GrowingFeeds) {
  return {
    output: { title: 'Crash harness', id: 'urn:tributary:crash', selfUrl: 'http://127.0.0.1:8080/feeds/all.atom', maxItems: 10_000 },
    sources: feeds.sources.map((source) => ({ ...source, name: source.key, schedule: '* * * * * *' })),
    schedule: { jitterSeconds: 0, honourFeedHints: false },
    fetch: { timeoutMs: 5000, connectTimeoutMs: 2000, maxItemsPerFeed: 500 },
    server: { host: '127.0.0.1', port: 0 },
  };
}

/**
 * Starts the daemon, waits until it has polled every source once and published every item served
 * (or 60 s more: what is still missing then is reported by the checks), and stops it with SIGTERM.
 * Served grows during the clean run too: its first poll of each feed serves what was added since the
 * last run's.
 * Waiting for the items, not only for the first round: on a loaded machine a poll of that round
 * can time out, and the next one (a second later) is the daemon's way of getting them.
 */
async function runCleanly(args: string[], outDir: string, served: () => number): Promise<string> {
  const daemon = spawnDaemon(args);
  let code: number | null;
  try {
    const url = await daemon.started();
    await waitFor('the clean run to poll every source', async () => (await fetch(`${url}/readyz`)).status === 200, 60_000);
    await waitFor('the clean run to publish every item served', async () => (await readOutputIds(outDir)).json?.length === served(), 60_000).catch(() => undefined);
  } finally {
    // Stopped whatever happened; a failure above is the one reported, not the exit code.
    code = await daemon.stop();
  }
  if (code !== 0) throw new Error(`the clean run exited with ${String(code)}:\n${daemon.output()}`);
  return daemon.output();
}

/** Which of these `<source key>\u0000<externalId>` keys have an item entry in the store. */
async function storedEntries(work: Workspace, keys: readonly string[]): Promise<string[]> {
  const store = await openItemStore(work.storeUri, { retentionDays: 30, seenRetentionDays: 365 });
  try {
    const split = keys.map((key) => key.split('\u0000') as [string, string]);
    const items = await store.loadItems(split.map(([sourceKey, externalId]) => itemKey(sourceKey, hashId(externalId))));
    return keys.filter((_, i) => items[i] !== undefined);
  } finally {
    await store.close();
  }
}

/** `<source key>\u0000<externalId>` of every item in the store's newest-first index, in index order. */
async function readStoredKeys(work: Workspace): Promise<string[]> {
  const store = await openItemStore(work.storeUri, { retentionDays: 30, seenRetentionDays: 365 });
  try {
    const keys: string[] = [];
    for await (const item of store.iterateNewest({ pageSize: 500 })) keys.push(`${item.source.key}\u0000${item.externalId}`);
    return keys;
  } finally {
    await store.close();
  }
}

/** Each output file present must parse whole, and hold no id twice. */
async function checkOutputs(work: Workspace, when: string): Promise<string[]> {
  let ids: Awaited<ReturnType<typeof readOutputIds>>;
  try {
    ids = await readOutputIds(work.outDir);
  } catch (error) {
    return [`${when}: ${error instanceof Error ? error.message : String(error)}`];
  }
  return Object.entries(ids).flatMap(([format, list]) => {
    const twice = duplicatesOf(list);
    return twice.length > 0 ? [`${when}: all.${format} holds ${twice.length} ids twice, e.g. ${twice[0]}`] : [];
  });
}

/** Resolves once the daemon has logged a line with this message, or has exited (the caller races it with exit). */
async function untilLogged(daemon: DaemonChild, message: string): Promise<void> {
  const { child } = daemon;
  while (!daemon.output().includes(`"msg":"${message}"`) && child.exitCode === null && child.signalCode === null) await sleep(10);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
