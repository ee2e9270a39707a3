import { Centroid, type TermVector, toIdVector } from '../../src/stories/centroid.js';
import { sortForClustering } from '../../src/stories/clustering-order.js';
import { compareMarks, isMark, type TermLookup } from '../../src/stories/headline-marks.js';
import { countTerms, primaryLanguage, weighTerms } from '../../src/stories/item-vector.js';
import { conflictingMove, MOVE_PREFIX } from '../../src/stories/price-moves.js';
import { DEFAULT_STORY_OPTIONS } from '../../src/stories/story-options.js';
import { isTemplateSibling, MAX_TITLES_KEPT, sameTerms } from '../../src/stories/templated-titles.js';
import { TermIds } from '../../src/stories/term-ids.js';
import { TermStats } from '../../src/stories/term-stats.js';
import { pairwiseScores } from './cluster-metrics.js';
import type { LabelledItem } from './labelled-set.js';

/*
 * A learnt item-vs-event decision, as Miranda et al. (EMNLP 2018) rank candidates: a logistic
 * regression over features of the (item, candidate event) pair, the item joining the candidate of
 * highest probability when that is at least a threshold, else starting an event. Measured against
 * the clusterer's rules and not adopted (docs/stories.md, "How the algorithm changed"); kept so that
 * it can be run again (test/stories/event-model-experiment.test.ts pins its figures).
 *
 * `runEvents` is the clusterer's event level (default options: the same vectors, windows, term
 * table, and the same vetoes: another price move, a template sibling, a recurring headline), written
 * out here so that it can run in two modes: `oracle`, where every item joins its labelled event (so
 * the events are the true ones, as they would stand had every earlier decision been right) and each
 * candidate (every event in the window holding one of the item's words) gives one training example,
 * 1 when it is the item's event; and `model`, which decides with the given coefficients.
 * `fitLogistic` is L2-regularized logistic regression by Newton's method on standardized features,
 * deterministic; `trainEventModel` fits on the oracle examples of the views and picks the threshold
 * whose F1, averaged over the views with its neighbours in THRESHOLDS, is best (ties: the lower).
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** L2 penalty on the standardized weights: the best of 0.1, 1, 3, 10, 30 and 100 across the two tuning sets (docs/stories.md). */
export const LAMBDA = 10;
export const THRESHOLDS = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];

/** The features of an (item, candidate event) pair, in the order of `Coefficients.weights`. */
export const EVENT_FEATURES = [
  /** Cosine of the item's vector with the event's centroid. */
  'cosine',
  /** Cosine of the item's title terms with the event's members' title terms (one set, idf-weighted). */
  'titleCosine',
  /** ln(1 + the item's rare terms the centroid holds). */
  'sharedRare',
  /** ln(1 + the item's words the centroid holds). */
  'sharedWords',
  /** ln(1 + the item's names the centroid holds). */
  'sharedNames',
  /** 1 when neither side holds the other's lead (headline-marks.ts). */
  'leadsApart',
  /** 1 when both name kinds of happening and none in common. */
  'kindsApart',
  /** 1 when the item's price move is one the event holds. */
  'sameMove',
  /** 1 when every member of the event comes from the item's source. */
  'ownSource',
  /** Days between the item and the event's latest member. */
  'days',
  /** The best cosine of the item's title terms with one member's title terms (idf-weighted). */
  'titleMax',
] as const;

/** What the decision reads of an item, computed once per item. */
export interface PairItem {
  vector: TermVector;
  /** Its words (no marks, moves or topics). */
  words: readonly string[];
  rare: ReadonlySet<string>;
  names: readonly string[];
  move: string | undefined;
  /** Its title's terms. */
  titleTerms: readonly string[];
  source: string;
  at: number;
  idf: (term: string) => number;
}

/** What the decision reads of a candidate event. */
export interface PairEvent {
  centroid: TermLookup;
  titles: ReadonlyArray<readonly [string, readonly string[]]>;
  lastAt: number;
}

function count(terms: readonly string[], lookup: TermLookup): number {
  let n = 0;
  for (const term of terms) if (lookup.has(term)) n += 1;
  return n;
}

/** idf-weighted cosine of two term sets, given the first's squared length. */
function setCosine(item: PairItem, itemSquares: number, other: ReadonlySet<string>): number {
  let dot = 0;
  let squares = 0;
  for (const term of other) squares += item.idf(term) ** 2;
  for (const term of item.titleTerms) if (other.has(term)) dot += item.idf(term) ** 2;
  return itemSquares > 0 && squares > 0 ? dot / Math.sqrt(itemSquares * squares) : 0;
}

/** The features of an (item, event) pair, in `EVENT_FEATURES` order; `cosine` is the item's with the centroid. */
export function pairFeatures(item: PairItem, event: PairEvent, cosine: number): number[] {
  const itemSquares = item.titleTerms.reduce((sum, term) => sum + item.idf(term) ** 2, 0);
  const union = new Set<string>();
  let titleMax = 0;
  for (const [, terms] of event.titles) {
    for (const term of terms) union.add(term);
    titleMax = Math.max(titleMax, setCosine(item, itemSquares, new Set(terms)));
  }
  const marks = compareMarks(item.vector, event.centroid);
  let sharedRare = 0;
  for (const term of item.rare) if (event.centroid.has(term)) sharedRare += 1;
  return [
    cosine,
    setCosine(item, itemSquares, union),
    Math.log1p(sharedRare),
    Math.log1p(count(item.words, event.centroid)),
    Math.log1p(count(item.names, event.centroid)),
    marks.leadsApart ? 1 : 0,
    marks.kindsApart ? 1 : 0,
    item.move !== undefined && event.centroid.has(item.move) ? 1 : 0,
    event.titles.every(([source]) => source === item.source) ? 1 : 0,
    Math.abs(item.at - event.lastAt) / DAY_MS,
    titleMax,
  ];
}

/** The probability that the pair is one event, under `model`. */
export function joinProbability(features: readonly number[], model: Coefficients): number {
  let z = model.bias;
  for (let i = 0; i < features.length; i++) z += model.weights[i]! * features[i]!;
  return 1 / (1 + Math.exp(-z));
}

export interface Example {
  x: number[];
  y: number;
}

export interface Coefficients {
  bias: number;
  weights: number[];
}

interface LabEvent {
  serial: number;
  gold: string;
  lang: string;
  firstAt: number;
  lastAt: number;
  centroid: Centroid;
  titles: Array<[string, string[]]>;
}

export type Mode = { kind: 'oracle'; examples: Example[] } | { kind: 'model'; model: Coefficients; threshold: number };

/** The event level over the stream (default options); each item's event, in the stream's order. */
export function runEvents(stream: readonly LabelledItem[], mode: Mode): string[] {
  const options = DEFAULT_STORY_OPTIONS;
  const windowMs = options.eventWindowHours * HOUR_MS;
  const terms = new TermStats(options.termHalfLifeDays * DAY_MS, options.maxTerms);
  const dictionary = new TermIds();
  let events: LabEvent[] = [];
  let serial = 1;
  let streamTime = 0;
  const assigned = new Map<string, string>();
  for (const item of sortForClustering(stream)) {
    const at = Date.parse(item.publishedAt);
    streamTime = Math.max(streamTime, at);
    events = events.filter((event) => streamTime - event.lastAt <= windowMs);
    const lang = primaryLanguage(item.lang);
    const { counts, titleTerms } = countTerms(item, lang, options);
    terms.addDocument(counts.keys(), streamTime);
    const vector = weighTerms(counts, terms, streamTime, { word: 1, entity: options.entityWeight, topic: 0, move: options.moveWeight, mark: options.markWeight });
    const ids = toIdVector(vector, dictionary);
    const words = [...counts.keys()].filter((term) => !term.startsWith('#') && !isMark(term) && !term.startsWith(MOVE_PREFIX));
    const move = [...counts.keys()].find((term) => term.startsWith(MOVE_PREFIX));
    const pair: PairItem = {
      vector,
      words,
      rare: new Set(words.filter((term) => terms.isRare(term, streamTime, options.rareTermShare, options.rareTermMinCount))),
      names: words.filter((term) => counts.get(term)!.entity),
      move,
      titleTerms,
      source: item.source.key,
      at,
      idf: (term) => terms.idf(term, streamTime),
    };
    let chosen: LabEvent | undefined;
    let best = -1;
    for (const event of events) {
      if (event.lang !== lang || Math.abs(at - event.lastAt) > windowMs || !words.some((term) => event.centroid.has(term))) continue;
      if (move !== undefined && conflictingMove(move, event.centroid.keys())) continue;
      if (event.titles.some(([source, t]) => source === pair.source && isTemplateSibling(t, titleTerms))) continue;
      if (at - event.firstAt >= options.recurringTitleHours * HOUR_MS && event.titles.some(([source, t]) => source === pair.source && sameTerms(t, titleTerms))) continue;
      const x = pairFeatures(pair, event, event.centroid.cosine(ids));
      if (mode.kind === 'oracle') mode.examples.push({ x, y: event.gold === item.event ? 1 : 0 });
      else {
        const p = joinProbability(x, mode.model);
        if (p >= mode.threshold && p > best) {
          best = p;
          chosen = event;
        }
      }
    }
    if (mode.kind === 'oracle') chosen = events.find((event) => event.gold === item.event);
    if (chosen) {
      chosen.centroid.add(vector, 1, options.centroidTerms);
      chosen.lastAt = Math.max(chosen.lastAt, at);
      chosen.firstAt = Math.min(chosen.firstAt, at);
      if (chosen.titles.length < MAX_TITLES_KEPT) chosen.titles.push([pair.source, titleTerms]);
    } else {
      const centroid = new Centroid(dictionary);
      centroid.add(vector, 1, options.centroidTerms);
      chosen = { serial: serial++, gold: item.event, lang, firstAt: at, lastAt: at, centroid, titles: [[pair.source, titleTerms]] };
      events.push(chosen);
    }
    assigned.set(`${item.source.key}\n${item.externalId}`, mode.kind === 'oracle' ? chosen.gold : `e${chosen.serial}`);
  }
  return stream.map((item) => assigned.get(`${item.source.key}\n${item.externalId}`)!);
}

/** L2-regularized logistic regression (Newton's method) on standardized features; coefficients on the raw features. */
export function fitLogistic(examples: readonly Example[], lambda = LAMBDA): Coefficients {
  const n = examples.length;
  const d = examples[0]!.x.length;
  const mean = Array.from({ length: d }, (_, j) => examples.reduce((sum, e) => sum + e.x[j]!, 0) / n);
  const scale = Array.from({ length: d }, (_, j) => Math.sqrt(examples.reduce((sum, e) => sum + (e.x[j]! - mean[j]!) ** 2, 0) / n) || 1);
  const rows = examples.map((e) => [1, ...e.x.map((v, j) => (v - mean[j]!) / scale[j]!)]);
  const w = new Array<number>(d + 1).fill(0);
  for (let iteration = 0; iteration < 50; iteration++) {
    const gradient = w.map((v, a) => (a === 0 ? 0 : lambda * v));
    const hessian = w.map((_, a) => w.map((__, b) => (a === b && a > 0 ? lambda : 0)));
    rows.forEach((row, k) => {
      const p = 1 / (1 + Math.exp(-row.reduce((sum, v, j) => sum + v * w[j]!, 0)));
      const q = p * (1 - p);
      for (let a = 0; a <= d; a++) {
        gradient[a]! += (p - examples[k]!.y) * row[a]!;
        for (let b = 0; b <= d; b++) hessian[a]![b]! += q * row[a]! * row[b]!;
      }
    });
    const step = solve(hessian, gradient);
    for (let a = 0; a <= d; a++) w[a]! -= step[a]!;
    if (Math.max(...step.map(Math.abs)) < 1e-12) break;
  }
  const weights = Array.from({ length: d }, (_, j) => w[j + 1]! / scale[j]!);
  return { bias: w[0]! - weights.reduce((sum, v, j) => sum + v * mean[j]!, 0), weights };
}

/** Gaussian elimination with partial pivoting. */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k <= n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = a[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= a[r]![k]! * x[k]!;
    x[r] = s / a[r]![r]!;
  }
  return x;
}

export function eventScores(stream: readonly LabelledItem[], model: Coefficients, threshold: number) {
  return pairwiseScores(
    stream.map((item) => item.event),
    runEvents(stream, { kind: 'model', model, threshold }),
  );
}

/** Fits on the oracle examples of the views, then picks the threshold (smoothed mean event F1 over the views). */
export function trainEventModel(views: ReadonlyArray<readonly LabelledItem[]>, lambda = LAMBDA) {
  const examples: Example[] = [];
  for (const view of views) runEvents(view, { kind: 'oracle', examples });
  const model = fitLogistic(examples, lambda);
  const f1s = THRESHOLDS.map((threshold) => views.reduce((sum, view) => sum + eventScores(view, model, threshold).f1, 0) / views.length);
  const smoothed = f1s.map((f1, i) => {
    const near = [f1, f1s[i - 1], f1s[i + 1]].filter((v): v is number => v !== undefined);
    return near.reduce((sum, v) => sum + v, 0) / near.length;
  });
  const best = smoothed.reduce((chosen, score, i) => (score > smoothed[chosen]! ? i : chosen), 0);
  return { model, threshold: THRESHOLDS[best]!, examples: examples.length, positives: examples.filter((e) => e.y === 1).length };
}

/** The coefficients to six significant digits, as docs/stories.md gives them. */
export function rounded(model: Coefficients): Coefficients {
  const six = (x: number) => Number(x.toPrecision(6));
  return { bias: six(model.bias), weights: model.weights.map(six) };
}
