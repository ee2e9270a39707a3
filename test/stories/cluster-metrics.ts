/**
 * Scores of a clustering against labels, both given as one label per item (same order). Pairwise:
 * over all pairs of items, a pair is predicted when both items share a predicted cluster and true
 * when they share a label. BCubed (Bagga and Baldwin): per item, the share of its predicted cluster
 * that is truly with it (precision) and the share of its true cluster that was predicted with it
 * (recall), averaged over items. With no predicted pairs precision is 1; with no true pairs recall is 1.
 */
export interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

export interface PairwiseScores extends Scores {
  /** Pairs that share a label. */
  truePairs: number;
  /** Pairs that share a predicted cluster. */
  predictedPairs: number;
  /** Pairs that share both. */
  correctPairs: number;
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

function f1Of(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

function checkLengths(truth: readonly string[], predicted: readonly string[]): void {
  if (truth.length !== predicted.length) throw new RangeError(`${truth.length} labels but ${predicted.length} predictions`);
}

export function pairwiseScores(truth: readonly string[], predicted: readonly string[]): PairwiseScores {
  checkLengths(truth, predicted);
  let truePairs = 0;
  for (const n of countBy(truth).values()) truePairs += pairs(n);
  let predictedPairs = 0;
  for (const n of countBy(predicted).values()) predictedPairs += pairs(n);
  let correctPairs = 0;
  for (const n of countBy(truth.map((label, i) => `${label}\u0000${predicted[i]}`)).values()) correctPairs += pairs(n);
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  return { precision, recall, f1: f1Of(precision, recall), truePairs, predictedPairs, correctPairs };
}

export function bcubedScores(truth: readonly string[], predicted: readonly string[]): Scores {
  checkLengths(truth, predicted);
  if (truth.length === 0) return { precision: 1, recall: 1, f1: 1 };
  const trueSizes = countBy(truth);
  const predictedSizes = countBy(predicted);
  const both = countBy(truth.map((label, i) => `${label}\u0000${predicted[i]}`));
  let precision = 0;
  let recall = 0;
  for (let i = 0; i < truth.length; i++) {
    const together = both.get(`${truth[i]}\u0000${predicted[i]}`)!;
    precision += together / predictedSizes.get(predicted[i]!)!;
    recall += together / trueSizes.get(truth[i]!)!;
  }
  precision /= truth.length;
  recall /= truth.length;
  return { precision, recall, f1: f1Of(precision, recall) };
}
