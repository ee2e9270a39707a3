import { describe, expect, it } from 'vitest';
import { eventScores, rounded, trainEventModel } from './event-model-experiment.js';
import { readFreshSet, readLabelledSet } from './labelled-set.js';
import { withoutDescriptions } from './tuning.js';

/*
 * The learnt event decision (test/stories/event-model-experiment.ts), measured the way
 * test/stories/cross-set.test.ts measures the clusterer's rules: fitted (coefficients and
 * threshold) on one tuning set, scored on the other. docs/stories.md reports these figures and the
 * held-out one of the model fitted on both sets, which is why it was not adopted.
 */
const labelled = readLabelledSet();
const headlines = withoutDescriptions(labelled);
const fresh = readFreshSet();
const round = (x: number) => Math.round(x * 1000) / 1000;
const figures = (scores: ReturnType<typeof eventScores>) => ({
  p: round(scores.precision),
  r: round(scores.recall),
  f1: round(scores.f1),
  pairs: [scores.correctPairs, scores.predictedPairs, scores.truePairs],
});

describe('the learnt event decision across the two tuning sets', () => {
  it('fitted on the labelled set (both views), scored on the second set', { timeout: 120_000 }, () => {
    const { model, threshold } = trainEventModel([labelled, headlines]);
    expect(threshold).toBe(0.2);
    expect(figures(eventScores(fresh, model, threshold))).toEqual({ p: 0.805, r: 0.805, f1: 0.805, pairs: [33, 41, 41] });
  });

  it('fitted on the second set, scored on the labelled set (as captured and headlines only)', { timeout: 120_000 }, () => {
    const { model, threshold } = trainEventModel([fresh]);
    expect(threshold).toBe(0.2);
    expect(figures(eventScores(labelled, model, threshold))).toEqual({ p: 0.822, r: 0.625, f1: 0.71, pairs: [60, 73, 96] });
    expect(figures(eventScores(headlines, model, threshold))).toEqual({ p: 0.803, r: 0.51, f1: 0.624, pairs: [49, 61, 96] });
  });

  it('fitted on both: the model that was scored on the held-out set', { timeout: 120_000 }, () => {
    const { model, threshold, examples, positives } = trainEventModel([labelled, headlines, fresh]);
    expect([threshold, positives, examples]).toEqual([0.2, 135, 6754]);
    expect(rounded(model)).toEqual({
      bias: -5.54633,
      weights: [6.88614, 0.693742, 1.37855, 0.545019, 0.108479, -0.952023, -1.01229, 5.48799, -1.05747, -0.864018, 2.83309],
    });
    expect(figures(eventScores(labelled, model, threshold))).toEqual({ p: 0.811, r: 0.625, f1: 0.706, pairs: [60, 74, 96] });
    expect(figures(eventScores(headlines, model, threshold))).toEqual({ p: 0.824, r: 0.583, f1: 0.683, pairs: [56, 68, 96] });
    expect(figures(eventScores(fresh, model, threshold))).toEqual({ p: 0.833, r: 0.854, f1: 0.843, pairs: [35, 42, 41] });
  });
});
