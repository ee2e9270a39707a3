import { describe, expect, it } from 'vitest';
import { bcubedScores, pairwiseScores } from './cluster-metrics.js';

describe('pairwise scores', () => {
  it('are perfect when the clustering is the labelling under other names', () => {
    const scores = pairwiseScores(['a', 'a', 'b', 'c'], ['x', 'x', 'y', 'z']);
    expect(scores).toMatchObject({ precision: 1, recall: 1, f1: 1, truePairs: 1, predictedPairs: 1, correctPairs: 1 });
  });

  it('count a merge of two true clusters as wrong pairs, not as lost ones', () => {
    // truth {1,2} {3,4}; predicted one cluster of four: 6 pairs predicted, 2 true, both found.
    const scores = pairwiseScores(['a', 'a', 'b', 'b'], ['x', 'x', 'x', 'x']);
    expect(scores).toMatchObject({ truePairs: 2, predictedPairs: 6, correctPairs: 2, precision: 2 / 6, recall: 1 });
    expect(scores.f1).toBeCloseTo(0.5, 10);
  });

  it('count a split of a true cluster as lost pairs', () => {
    // truth one cluster of three (3 pairs); predicted {1,2} {3}.
    const scores = pairwiseScores(['a', 'a', 'a'], ['x', 'x', 'y']);
    expect(scores).toMatchObject({ truePairs: 3, predictedPairs: 1, correctPairs: 1, precision: 1 });
    expect(scores.recall).toBeCloseTo(1 / 3, 10);
  });

  it('take precision as 1 when nothing was paired, and recall as 1 when nothing should be', () => {
    expect(pairwiseScores(['a', 'b'], ['x', 'y'])).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(pairwiseScores(['a', 'a'], ['x', 'y'])).toMatchObject({ precision: 1, recall: 0, f1: 0 });
    expect(pairwiseScores(['a', 'b'], ['x', 'x'])).toMatchObject({ precision: 0, recall: 1, f1: 0 });
  });

  it('refuse labels and predictions of different lengths', () => {
    expect(() => pairwiseScores(['a'], [])).toThrow(RangeError);
  });
});

describe('BCubed scores', () => {
  it('are perfect for a perfect clustering', () => {
    expect(bcubedScores(['a', 'a', 'b'], ['y', 'y', 'x'])).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('average per item what share of its predicted cluster is truly with it, and of its true cluster was found with it', () => {
    // truth {1,2} {3}; predicted one cluster {1,2,3}: precision (2/3 + 2/3 + 1/3) / 3, recall 1.
    const scores = bcubedScores(['a', 'a', 'b'], ['x', 'x', 'x']);
    expect(scores.precision).toBeCloseTo(5 / 9, 10);
    expect(scores.recall).toBe(1);
    expect(scores.f1).toBeCloseTo((2 * (5 / 9)) / (5 / 9 + 1), 10);
  });

  it('give singletons put apart full precision and partial recall', () => {
    // truth {1,2,3}; predicted all apart: precision 1, recall 1/3 for each.
    const scores = bcubedScores(['a', 'a', 'a'], ['x', 'y', 'z']);
    expect(scores.precision).toBe(1);
    expect(scores.recall).toBeCloseTo(1 / 3, 10);
  });

  it('score nothing as perfect', () => {
    expect(bcubedScores([], [])).toEqual({ precision: 1, recall: 1, f1: 1 });
  });
});
