import { describe, expect, it } from 'vitest';
import { evaluate, figuresOf } from './evaluate.js';
import { readFreshSet, readLabelledSet } from './labelled-set.js';
import { bestOptions, FEATURE_GRID, tuneFeatures, withoutDescriptions } from './tuning.js';

/*
 * How the headline features generalize: stage 2 of the tuning (test/stories/tuning.ts) run on one
 * tuning set alone, scored on the other. Stage 1's cosine thresholds are the shipped ones in both
 * directions (they were tuned on the labelled set, features off). docs/stories.md reports these.
 */
const labelled = readLabelledSet();
const fresh = readFreshSet();
const THRESHOLDS = { eventThreshold: 0.2, eventThresholdPerDay: 0.1, sameSourceMargin: 0.3, eventMinSharedTerms: 2, entityWeight: 2 };

describe('the headline features across the two tuning sets', () => {
  it('tuned on the labelled set (both views), scored on the second set', { timeout: 120_000 }, () => {
    const chosen = bestOptions(tuneFeatures([labelled], THRESHOLDS));
    expect(Object.keys(chosen).sort()).toEqual(Object.keys(FEATURE_GRID).sort());
    expect(chosen).toEqual(ON_LABELLED);
    expect(figuresOf(evaluate(fresh, 'all', { ...THRESHOLDS, ...chosen })).event).toEqual(ON_LABELLED_SCORED);
  });

  it('tuned on the second set, scored on the labelled set (as captured and headlines only)', { timeout: 120_000 }, () => {
    const chosen = bestOptions(tuneFeatures([fresh], THRESHOLDS));
    expect(chosen).toEqual(ON_FRESH);
    expect(figuresOf(evaluate(labelled, 'all', { ...THRESHOLDS, ...chosen })).event).toEqual(ON_FRESH_SCORED);
    expect(figuresOf(evaluate(withoutDescriptions(labelled), 'all', { ...THRESHOLDS, ...chosen })).event).toEqual(ON_FRESH_SCORED_HEADLINES);
  });
});

const ON_LABELLED = { moveWeight: 2, markWeight: 0.5, leadMargin: 0, kindMargin: 0.1 };
const ON_LABELLED_SCORED = { p: 0.681, r: 0.78, f1: 0.727, pairs: [32, 47, 41], bcubed: [0.941, 0.95, 0.946] };
const ON_FRESH = { moveWeight: 4, markWeight: 0.25, leadMargin: 0.3, kindMargin: 0.3 };
const ON_FRESH_SCORED = { p: 0.869, r: 0.552, f1: 0.675, pairs: [53, 61, 96], bcubed: [0.975, 0.924, 0.949] };
const ON_FRESH_SCORED_HEADLINES = { p: 0.852, r: 0.479, f1: 0.613, pairs: [46, 54, 96], bcubed: [0.983, 0.911, 0.946] };
