import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JING, missingTools, mustFail, XMLLINT } from '../helpers/debian-tools.js';
import { byteCase, byteCaseInput, SEED_NAMES, SEEDS, seedInput } from './byte-mutations.js';
import { caseViolations } from './case-violations.js';
import { DistinctOutputs, problemsReported } from './distinct-outputs.js';
import { FuzzFigures } from './fuzz-figures.js';
import type { FuzzInput } from './fuzz-input.js';
import { FuzzPipeline } from './fuzz-pipeline.js';
import { fuzzSettings } from './fuzz-settings.js';
import { feedRecord, feedRecordInput } from './structural-feeds.js';

const settings = fuzzSettings(process.env);
const SCHEMA = resolve('test/fixtures/publisher/atom.rnc');
/** Half the cases mutate bytes, half build feeds from records. */
const RUNS_EACH = Math.ceil(settings.runs / 2);
/** A case that takes this long is a finding (a hang, or work out of all proportion to the input). */
const CASE_TIME_LIMIT_MS = 20_000;
/** Measured ≈ 30 ms a case on the loaded two-core machine (10,000 in 5.5 min): twenty times that, and a minute. */
const PROPERTY_TIMEOUT_MS = 60_000 + RUNS_EACH * 600;

/** The input of the last failing case: once fast-check has shrunk, the smallest one it found. */
const COUNTEREXAMPLE = join(tmpdir(), 'tributary-fuzz-counterexample.bin');

const missing = missingTools([XMLLINT, JING]);

console.log(`fuzz: ${settings.runs} cases, seed ${settings.seed} (${settings.seedFrom}); replay with FUZZ_RUNS=${settings.runs} FUZZ_SEED=${settings.seed}`);

describe('fuzzed feeds through the whole pipeline: fetch, parse, normalize, store, publish', () => {
  let pipeline: FuzzPipeline;
  let outputs: DistinctOutputs;
  const figures = { bytes: new FuzzFigures(), structure: new FuzzFigures() };
  /** Set when a validator fails: the outputs then outlive the run, for a look. */
  let keepOutputs = false;
  const started = performance.now();

  beforeAll(async () => {
    pipeline = await FuzzPipeline.start();
    outputs = new DistinctOutputs(join(pipeline.dir, 'outputs'));
  });
  afterAll(async () => {
    console.log(`fuzz figures, byte mutations: ${figures.bytes.summary()}`);
    console.log(`fuzz figures, built feeds: ${figures.structure.summary()}`);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`fuzz figures, outputs: ${outputs.atomFiles.length} distinct Atom and ${outputs.rssFiles.length} distinct RSS documents checked; ${seconds} s in all`);
    await pipeline.close({ keep: keepOutputs ? outputs.dir : undefined });
  });

  /** One case: runs it, counts it, keeps its outputs for the validators, and fails on any violation. */
  async function check(input: FuzzInput, counted: FuzzFigures): Promise<void> {
    const started = performance.now();
    const run = await pipeline.run(input);
    if (run.published) await outputs.add(run.published, input);
    const violations = caseViolations(run);
    counted.record(run, performance.now() - started);
    if (violations.length > 0) {
      await writeFile(COUNTEREXAMPLE, input.body);
      const preview = JSON.stringify(input.body.toString('latin1').slice(0, 2000));
      throw new Error(`${input.label}, served as ${input.contentType}:\n  ${violations.join('\n  ')}\ninput (${input.body.length} bytes, all in ${COUNTEREXAMPLE}): ${preview}`);
    }
  }

  const fcOptions = { numRuns: RUNS_EACH, seed: settings.seed, timeout: CASE_TIME_LIMIT_MS };

  it('accepts every seed feed as it is and publishes all of its items', async () => {
    for (const name of SEED_NAMES) {
      const run = await pipeline.run(seedInput(name));
      expect(run.outcome.status, name).toBe('changed');
      expect(caseViolations(run), name).toEqual([]);
      expect(run.published?.items, name).toBe(SEEDS[name].items);
    }
  });

  it(
    'rejects byte-mutated seed feeds with a typed error, or publishes well-formed outputs in which nothing can run script',
    async () => {
      await fc.assert(
        fc.asyncProperty(byteCase, (testCase) => check(byteCaseInput(testCase), figures.bytes)),
        fcOptions,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'rejects feeds built from arbitrary items, in every format and with broken structure, with a typed error, or publishes them as well',
    async () => {
      await fc.assert(
        fc.asyncProperty(feedRecord, (feed) => check(feedRecordInput(feed), figures.structure)),
        fcOptions,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it.skipIf(missing.length > 0 && !mustFail(missing))(
    'publishes only outputs that xmllint finds well-formed and, for Atom, that jing finds valid against the RFC 4287 schema',
    async () => {
      if (mustFail(missing)) throw new Error(missing.join('; '));
      expect(outputs.atomFiles.length).toBeGreaterThan(0);
      const notWellFormed = await problemsReported('xmllint', ['--noout', '--nonet'], [...outputs.atomFiles, ...outputs.rssFiles], 500);
      // One process per batch: jing's JVM takes seconds to start.
      const invalidAtom = await problemsReported('jing', ['-c', SCHEMA], outputs.atomFiles, 2000);
      if (notWellFormed.length + invalidAtom.length > 0) {
        keepOutputs = true;
        console.warn(`fuzz outputs kept in ${outputs.dir}: <n>.input is the input that first published <n>.atom or <n>.rss`);
      }
      expect(notWellFormed).toEqual([]);
      expect(invalidAtom).toEqual([]);
    },
    PROPERTY_TIMEOUT_MS,
  );
});
