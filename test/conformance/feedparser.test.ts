import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCase, type Check, type Unmapped } from './check-expectations.js';
import { feedparserRoot, hasFeedparserCorpus, inspectCase, loadFeedparserCases } from './feedparser-cases.js';
import { DELIBERATE_DIFFERENCES } from './feedparser-mapping.js';
import { ratesOf, renderResults, tallyChecks, type FieldTally, type Rates } from './summarize-checks.js';

/**
 * Runs every feedparser dev case through inspect's function and compares field by field (see
 * feedparser-mapping.ts). Writes feedparser-results.md on every run; fails when a field's rate falls
 * below feedparser-baseline.json. After an improvement, `UPDATE_BASELINE=1 npx vitest run
 * test/conformance` raises the baseline (it never lowers it).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_FILE = path.join(here, 'feedparser-results.md');
const BASELINE_FILE = path.join(here, 'feedparser-baseline.json');

type Baseline = Record<string, Rates>;

if (!hasFeedparserCorpus) console.warn(`feedparser conformance skipped: no corpus at ${feedparserRoot}`);

describe.skipIf(!hasFeedparserCorpus)('conformance with the Universal Feed Parser (feedparser-dev)', () => {
  const checks: Check[] = [];
  const unmapped: Unmapped[] = [];
  let tallies: FieldTally[] = [];

  beforeAll(async () => {
    const { httpBase, cases } = loadFeedparserCases();
    for (const testCase of cases) {
      const result = checkCase(testCase, await inspectCase(testCase, httpBase));
      checks.push(...result.checks);
      unmapped.push(...result.unmapped);
    }
    tallies = tallyChecks(checks);
    const expectations = cases.reduce((sum, testCase) => sum + testCase.expectations.length, 0);
    writeFileSync(RESULTS_FILE, renderResults(tallies, checks, unmapped, { cases: cases.length, expectations }));
    console.log(
      tallies
        .map((tally) => {
          const { agreement, explained } = ratesOf(tally);
          return `${tally.key.padEnd(36)} ${String(tally.checks).padStart(5)} checks  ${agreement.toFixed(1).padStart(5)} % agree  ${explained.toFixed(1).padStart(5)} % explained`;
        })
        .join('\n'),
    );
  }, 120_000);

  it('keeps every field at or above its committed agreement and explained rates', () => {
    const baseline: Baseline = existsSync(BASELINE_FILE) ? (JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as Baseline) : {};
    const current: Baseline = Object.fromEntries(tallies.map((tally) => [tally.key, ratesOf(tally)]));
    const drops = Object.entries(baseline).flatMap(([key, committed]) => {
      const now = current[key] ?? { agreement: 0, explained: 0 };
      return now.agreement < committed.agreement || now.explained < committed.explained
        ? [`${key}: agreement ${committed.agreement} → ${now.agreement}, explained ${committed.explained} → ${now.explained}`]
        : [];
    });
    const updating = process.env['UPDATE_BASELINE'] === '1';
    if (updating && drops.length === 0) {
      const raised = Object.fromEntries(
        Object.entries(current).map(([key, rates]) => [
          key,
          { agreement: Math.max(rates.agreement, baseline[key]?.agreement ?? 0), explained: Math.max(rates.explained, baseline[key]?.explained ?? 0) },
        ]),
      );
      writeFileSync(BASELINE_FILE, `${JSON.stringify(raised, null, 2)}\n`);
    }
    expect(drops).toEqual([]);
    // Without a baseline nothing is guarded; UPDATE_BASELINE=1 writes the first one.
    if (!updating) expect(Object.keys(baseline).length).toBeGreaterThan(0);
  });

  it('gives a reason for every field it does not map', () => {
    expect(unmapped.filter((entry) => entry.reason === undefined).map((entry) => `${entry.path}: ${entry.key}`)).toEqual([]);
  });

  it('lists no case as differing on purpose where it no longer differs', () => {
    const stale = DELIBERATE_DIFFERENCES.flatMap((difference) =>
      (difference.cases ?? []).filter((path) => !checks.some((check) => check.path === path && check.difference === difference && check.outcome === 'differs on purpose')),
    );
    expect(stale).toEqual([]);
  });
});
