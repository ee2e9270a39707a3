import type { StoryOptions } from '../../src/stories/index.js';
import { type Evaluation, evaluate } from './evaluate.js';
import type { LabelledItem } from './labelled-set.js';
import { seedsFormOneStory } from './seed-story.js';

/*
 * How the shipped thresholds were chosen. The tuning set is every item of
 * test/fixtures/stories/labelled.json (both of its old halves: the old held-out half was looked at
 * once scored, so it is tuning data now); the fresh held-out set (test/fixtures/stories/fresh/) is
 * never read here. Two stages:
 *   1. events: every combination of EVENT_GRID, each run on two views of the tuning set: the items
 *      as captured, and the same items with their descriptions removed (feeds differ in whether
 *      they carry one, and a headline alone is the harder case). A combination's F1 is the mean of
 *      its event pairwise F1 on the two views; its score is the mean F1 of it and its neighbours one
 *      step away in eventThreshold and eventThresholdPerDay (one pair moves F1 by about 0.01: the
 *      mean keeps a lone lucky point from winning);
 *   2. stories, with stage 1's choice: every combination of STORY_GRID, scored the same way on story
 *      pairwise F1 (items as captured) with neighbours in storyThreshold and storyWordWeight; the
 *      chosen one is the best among those under which the five seeds form one story that no
 *      labelled item joins (the requirement test/stories/seed-story.test.ts checks).
 * Ties go to the combination listed first. test/stories/thresholds.test.ts checks that the defaults
 * are what this picks.
 */

export const EVENT_GRID = {
  eventThreshold: [0.1, 0.15, 0.2, 0.25, 0.3],
  eventThresholdPerDay: [0, 0.1, 0.2],
  sameSourceMargin: [0, 0.1, 0.2, 0.3],
  eventMinSharedTerms: [1, 2, 3],
  entityWeight: [1.5, 2],
} as const;

export const STORY_GRID = {
  storyThreshold: [0.1, 0.15, 0.2, 0.25, 0.3],
  storyWordWeight: [0, 0.25, 0.5, 0.75, 1],
} as const;

type Grid = Record<string, readonly number[]>;

export interface GridPoint {
  options: Record<string, number>;
  /** On the items as captured. */
  evaluation: Evaluation;
  /** Pairwise F1 at the chosen level (the mean over the views searched). */
  f1: number;
  /** Mean F1 of the point and its neighbours along the smoothing axes. */
  smoothed: number;
}

function combinations(grid: Grid): Array<Record<string, number>> {
  let combos: Array<Record<string, number>> = [{}];
  for (const [key, values] of Object.entries(grid)) combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [key]: value })));
  return combos;
}

/** The tuning set with every description removed: the headline-only view of stage 1. */
export function withoutDescriptions(stream: readonly LabelledItem[]): LabelledItem[] {
  return stream.map((item) => ({ ...item, description: '' }));
}

function searchGrid(views: ReadonlyArray<readonly LabelledItem[]>, base: Partial<StoryOptions>, grid: Grid, level: 'event' | 'story', smoothOver: readonly string[]): GridPoint[] {
  const points = combinations(grid).map((options) => {
    const evaluations = views.map((view) => evaluate(view, 'all', { ...base, ...options }));
    const f1 = evaluations.reduce((sum, evaluation) => sum + evaluation[level].pairwise.f1, 0) / evaluations.length;
    return { options, evaluation: evaluations[0]!, f1, smoothed: 0 };
  });
  const keyOf = (options: Record<string, number>) => JSON.stringify(Object.keys(grid).map((key) => options[key]));
  const byKey = new Map(points.map((point) => [keyOf(point.options), point]));
  for (const point of points) {
    const scores = [point.f1];
    for (const axis of smoothOver) {
      const values = grid[axis]!;
      const at = values.indexOf(point.options[axis]!);
      for (const step of [-1, 1]) {
        const value = values[at + step];
        if (value === undefined) continue;
        const neighbour = byKey.get(keyOf({ ...point.options, [axis]: value }));
        if (neighbour) scores.push(neighbour.f1);
      }
    }
    point.smoothed = scores.reduce((sum, score) => sum + score, 0) / scores.length;
  }
  return points;
}

function best(points: readonly GridPoint[]): GridPoint {
  if (points.length === 0) throw new Error('no grid point meets the requirement');
  return points.reduce((chosen, point) => (point.smoothed > chosen.smoothed ? point : chosen));
}

export interface Tuning {
  events: GridPoint[];
  stories: GridPoint[];
  chosen: Partial<StoryOptions>;
}

export function tuneThresholds(stream: readonly LabelledItem[]): Tuning {
  const events = searchGrid([stream, withoutDescriptions(stream)], {}, EVENT_GRID, 'event', ['eventThreshold', 'eventThresholdPerDay']);
  const eventChoice = best(events).options;
  const stories = searchGrid([stream], eventChoice, STORY_GRID, 'story', ['storyThreshold', 'storyWordWeight']);
  const admissible = stories.filter((point) => seedsFormOneStory({ ...eventChoice, ...point.options }));
  return { events, stories, chosen: { ...eventChoice, ...best(admissible).options } };
}
