import type { InspectReport } from '../../src/commands/inspect-report.js';
import type { Expectation, FeedparserCase } from './feedparser-cases.js';
import { COMPARISONS, DELIBERATE_DIFFERENCES, MAPPED_FIELDS, UNMAPPED_FIELDS, type DeliberateDifference, type DifferenceContext } from './feedparser-mapping.js';

export type Outcome = 'agrees' | 'differs on purpose' | 'differs';

export interface Check {
  path: string;
  /** Field key with indexes as `[]`: `entries[].tags[].term`. */
  key: string;
  /** The case's own field, as the Expect line wrote it. */
  field: string;
  outcome: Outcome;
  expected: unknown;
  ours: unknown;
  /** The deliberate difference that explains it, when there is one. */
  difference?: DeliberateDifference;
}

export interface Unmapped {
  path: string;
  key: string;
  reason: string | undefined;
}

/** `entries[0]['tags'][1]['term']` → key `entries[].tags[].term`, indexes [0, 1]. */
export function fieldKey(canonical: string): { key: string; indexes: number[] } {
  const indexes: number[] = [];
  const key = canonical
    .replace(/\[(\d+)\]/g, (_, index: string) => {
      indexes.push(Number(index));
      return '[]';
    })
    .replace(/\['([^']+)'\]/g, '.$1')
    .replace(/^\./, '');
  return { key, indexes };
}

/**
 * Every expectation of a case checked against inspect's report (or the ParseError it gave), plus
 * "the document is read" for each case feedparser reads without complaint (bozo false).
 */
export function checkCase(testCase: FeedparserCase, result: InspectReport | Error): { checks: Check[]; unmapped: Unmapped[] } {
  const report = result instanceof Error ? undefined : result;
  const checks: Check[] = [];
  const unmapped: Unmapped[] = [];
  if (testCase.bozo === false) {
    checks.push(judge({ path: testCase.path, key: 'bozo', indexes: [], expected: false, ours: report !== undefined, report }, 'bozo', report !== undefined));
  }
  for (const expectation of testCase.expectations) {
    const { key, indexes } = fieldKey(expectation.canonical_field);
    const mapping = MAPPED_FIELDS[key];
    if (!mapping) {
      unmapped.push({ path: testCase.path, key, reason: UNMAPPED_FIELDS.find((entry) => entry.fields.test(key))?.reason });
      continue;
    }
    const ours = report === undefined ? undefined : mapping.read(report, indexes);
    const same = report !== undefined && holds(expectation, ours, COMPARISONS[mapping.compare].same);
    checks.push(judge({ path: testCase.path, key, indexes, expected: expectation.value, ours, report }, expectation.field, same));
  }
  return { checks, unmapped };
}

function holds(expectation: Expectation, ours: unknown, same: (ours: unknown, expected: unknown) => boolean): boolean {
  switch (expectation.op) {
    case 'eq':
      return same(ours, expectation.value);
    case 'ne':
      return !same(ours, expectation.value);
    case 'len_eq':
      return Array.isArray(ours) && ours.length === expectation.value;
    case 'truthy':
      return Array.isArray(ours) ? ours.length > 0 : Boolean(ours);
    case 'falsy':
      return Array.isArray(ours) ? ours.length === 0 : !ours;
    case 'absent':
      return ours === undefined || ours === null;
  }
}

function judge(context: DifferenceContext, field: string, same: boolean): Check {
  const { path, key, expected, ours } = context;
  const difference = DELIBERATE_DIFFERENCES.find(
    (entry) => (entry.fields === undefined || entry.fields.includes(key)) && (entry.cases === undefined || entry.cases.includes(path)) && (entry.applies === undefined || entry.applies(context)),
  );
  const outcome: Outcome = same ? 'agrees' : difference ? 'differs on purpose' : 'differs';
  return { path, key, field, outcome, expected, ours, ...(difference && { difference }) };
}
