#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Piscina } from 'piscina';
import { fetchAll } from './fetch-all.mjs';

/*
 * The news floor: the news cycle's fetches (the fetch ceiling's requests) and, on a thread per core,
 * the measured build's own work on each document, exactly the job a `tributary run` parse thread
 * gets (the source's known items, from the documents before the news, leave 38 of each 40 items
 * unparsed; the other 2 are parsed, normalized, sanitized and enriched). Nothing else: no store,
 * no fetch state, no log, no schedule, no deadline, no stories, no publish. A news cycle of
 * `tributary run` cannot take less than this, whatever its bookkeeping costs.
 *
 * Before the timed pass (not timed): the fixture is reset, every document is fetched and processed
 * whole, and its items become the source's known items, as the daemon's cold cycle records them;
 * then every feed gains `--news` items. Prints the timed pass's wall (first request to last document
 * processed) and CPU (this process, every thread).
 *
 *   node bench/baseline/news-floor.mjs --config feeds.json --dist dist/src --control http://127.0.0.1:port [--news 2] [--threads N]
 */

const { values: args } = parseArgs({
  options: {
    config: { type: 'string' },
    dist: { type: 'string' },
    control: { type: 'string' },
    news: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '16' },
    threads: { type: 'string' },
  },
});
if (!args.config || !args.dist || !args.control) throw new Error('--config, --dist and --control are required');
const dist = args.dist;
const threads = Number(args.threads ?? availableParallelism());
const news = Number(args.news);

const { parseConfig } = await import(pathToFileURL(join(dist, 'config', 'load-config.js')).href);
const { commitAgainAfterMs, knownItemsForJob, knownItemsToKeep } = await import(pathToFileURL(join(dist, 'pipeline', 'known-items-record.js')).href);
const { documentJobFor } = await import(pathToFileURL(join(dist, 'pipeline', 'document-job.js')).href);
if (typeof documentJobFor !== 'function') throw new Error(`${dist} is a build from before pipeline/document-job.js exported documentJobFor: the news floor needs a later one`);
const config = parseConfig(args.config, await readFile(args.config, 'utf8'));
const sourcesByKey = new Map(config.sources.map((/** @type {any} */ source) => [source.key, source]));

const pool = new Piscina({
  filename: new URL('./news-floor-worker.mjs', import.meta.url).href,
  minThreads: threads,
  maxThreads: threads,
  idleTimeout: Number.POSITIVE_INFINITY,
  workerData: { dist },
});

/** @type {Map<string, unknown>} what the daemon's known-items record holds for each source after its cold cycle */
const records = new Map();

/** The job `tributary run` hands its parse thread for this document (pipeline/refresh-source.ts). */
function jobFor(/** @type {Buffer} */ body, /** @type {{ source: { key: string, url: string }, contentType: string | undefined }} */ from) {
  const source = sourcesByKey.get(from.source.key);
  const now = new Date();
  const known = knownItemsForJob(records.get(source.key), now.getTime(), commitAgainAfterMs(config.store.seenRetentionDays));
  return documentJobFor(source, config, { body, finalUrl: source.url, contentType: from.contentType, contentLanguage: undefined }, known, now);
}

/** The first document that failed, and why (fetchAll counts failures without saying why). */
let firstFailure = '';

/** One pass over every feed; `keep` sees each processed document. */
async function pass(/** @type {(key: string, document: any) => void} */ keep) {
  return fetchAll({
    config: args.config,
    concurrency: Number(args.concurrency),
    onBody: async (body, from) => {
      try {
        keep(from.source.key, await pool.run(jobFor(body, from), { transferList: [body.buffer] }));
      } catch (error) {
        firstFailure ||= `${from.source.url}: ${error instanceof Error ? error.message : String(error)}`;
        throw error;
      }
    },
  });
}

async function control(/** @type {string} */ path) {
  const response = await fetch(`${args.control}/_control/${path}`, { method: 'POST' });
  if (!response.ok) throw new Error(`fixture control ${path}: ${response.status}`);
}

await control('reset');
await pass((key, document) => records.set(key, knownItemsToKeep(undefined, document, Date.now())));
await control(`churn?fraction=1&items=${news}`);

let normalized = 0;
let unparsed = 0;
const started = performance.now();
const cpuBefore = process.cpuUsage();
const fetched = await pass((_key, document) => {
  normalized += document.normalized.items.length;
  unparsed += document.unparsed;
});
const wallS = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
await pool.destroy();
// The floor must have done the news cycle's work: every feed fetched, its new items and only those normalized.
if (fetched.failed > 0 || normalized !== news * fetched.sources) {
  const why = firstFailure ? ` (the first: ${firstFailure})` : '';
  throw new Error(`news floor: ${fetched.failed} of ${fetched.sources} documents failed${why}, ${normalized} items normalized (expected ${news * fetched.sources})`);
}
process.stdout.write(`${JSON.stringify({ sources: fetched.sources, normalized, unparsed, threads, wallS, cpuS: (cpu.user + cpu.system) / 1e6 })}\n`);
