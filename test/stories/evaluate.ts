import { StoryClusterer, type StoryAssignment, type StoryInput, type StoryOptions } from '../../src/stories/index.js';
import { bcubedScores, type PairwiseScores, pairwiseScores, type Scores } from './cluster-metrics.js';
import type { LabelledItem } from './labelled-set.js';

/** Runs a fresh clusterer over the items (sorted into the clustering order); assignments in the items' own order. */
export function clusterAll(items: readonly StoryInput[], options: Partial<StoryOptions> = {}): StoryAssignment[] {
  const clusterer = StoryClusterer.create(options);
  const byKey = new Map(clusterer.assignBatch(items).map((a) => [`${a.sourceKey}\n${a.externalId}`, a]));
  return items.map((item) => byKey.get(`${item.source.key}\n${item.externalId}`)!);
}

export interface LevelScores {
  pairwise: PairwiseScores;
  bcubed: Scores;
}

export interface Evaluation {
  items: number;
  event: LevelScores;
  story: LevelScores;
}

/**
 * Clusters the whole stream (a fresh clusterer over every item, as the daemon would see them) and
 * scores events and stories against the labels of the items of `split` only: tuning reads only the
 * tuning labels, the figures only the held-out ones.
 */
export function evaluate(stream: readonly LabelledItem[], split: LabelledItem['split'] | 'all', options: Partial<StoryOptions> = {}): Evaluation {
  const all = clusterAll(stream, options);
  const chosen = stream.map((item, i) => ({ item, assignment: all[i]! })).filter(({ item }) => split === 'all' || item.split === split);
  const items = chosen.map(({ item }) => item);
  const assignments = chosen.map(({ assignment }) => assignment);
  const score = (truth: string[], predicted: string[]): LevelScores => ({ pairwise: pairwiseScores(truth, predicted), bcubed: bcubedScores(truth, predicted) });
  return {
    items: items.length,
    event: score(
      items.map((item) => item.event),
      assignments.map((a) => a.eventId),
    ),
    story: score(
      items.map((item) => item.story),
      assignments.map((a) => a.storyId),
    ),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Pairwise and BCubed figures of both levels, rounded as docs/stories.md gives them. */
export function figuresOf({ event, story }: Evaluation) {
  const level = (scores: Evaluation['event']) => ({
    p: round(scores.pairwise.precision),
    r: round(scores.pairwise.recall),
    f1: round(scores.pairwise.f1),
    pairs: [scores.pairwise.correctPairs, scores.pairwise.predictedPairs, scores.pairwise.truePairs],
    bcubed: [round(scores.bcubed.precision), round(scores.bcubed.recall), round(scores.bcubed.f1)],
  });
  return { event: level(event), story: level(story) };
}
