import { Centroid, type TermVector, toIdVector } from './centroid.js';
import { isMark } from './headline-marks.js';
import { TermIds } from './term-ids.js';

const DAY_MS = 86_400_000;

/** One event or story while it can still take items. */
export interface Cluster {
  /** Creation order within its level: candidates are scored in this order and ties go to the older. */
  serial: number;
  /** The public id (`ev_…`, `st_…`), from its first member. */
  id: string;
  /** Primary language subtag of its members (`en`), `und` when they declared none. */
  lang: string;
  /** For an event: the serial of its story. */
  story: number;
  firstAt: number;
  lastAt: number;
  size: number;
  centroid: Centroid;
  /** For an event: each member's source key and title terms (sorted), for telling templated releases apart. */
  titles: Array<[source: string, terms: string[]]>;
}

/** A cluster as a snapshot holds it. */
export type ClusterState = [
  serial: number,
  id: string,
  lang: string,
  story: number,
  firstAt: number,
  lastAt: number,
  size: number,
  weights: Array<[string, number]>,
  titles: Array<[string, string[]]>,
];

export interface MatchQuery {
  vector: TermVector;
  /** Terms whose clusters are candidates. */
  keyTerms: readonly string[];
  /** Terms rare in the stream: one of them must be shared for a close match. */
  rareTerms: readonly string[];
  lang: string;
  at: number;
}

export interface MatchThreshold {
  base: number;
  perDay: number;
  guardMargin: number;
  /**
   * Added to the threshold of a cluster whose every member (of those whose titles are kept) comes
   * from `source`, the item's own: one outlet's items share its style and stock phrases, and an
   * outlet seldom reports one happening twice.
   */
  sameSource?: { source: string; margin: number };
  /** Added to the threshold of a cluster (what the item's headline marks say of it). */
  margin?: (cluster: Cluster) => number;
  /** A match must share at least this many terms with the cluster (default 1: a single shared term suffices). */
  minShared?: number;
}

export interface Match {
  cluster: Cluster;
  score: number;
}

/**
 * The clusters of one level (events or stories) that are still inside their window, with an
 * inverted index from centroid terms to clusters: a cluster is a candidate for an item only when it
 * holds one of the item's rare terms, which both guards against joining on common words alone and
 * keeps the comparisons few.
 */
export class ClusterLevel {
  private readonly clusters = new Map<number, Cluster>();
  private readonly index = new Map<string, Set<number>>();
  /** The ids of the terms its centroids hold. */
  private readonly terms = new TermIds();

  constructor(
    /** How long after its last member a cluster still takes items (ms). */
    readonly windowMs: number,
    /** Half-life of older members' weight in the centroid (ms); Infinity: no decay. */
    private readonly halfLifeMs: number,
    private readonly maxTerms: number,
  ) {}

  get size(): number {
    return this.clusters.size;
  }

  /** How many clusters (still held) have `term` in their centroid. */
  holders(term: string): number {
    return this.index.get(term)?.size ?? 0;
  }

  get(serial: number): Cluster | undefined {
    return this.clusters.get(serial);
  }

  /**
   * The best-scoring candidate: same language, within the window of `at`, holding one of the
   * item's `keyTerms` (its heaviest terms and its rare ones), not vetoed, and scoring at least its
   * threshold. The threshold grows by `perDay` for each day between `at` and the cluster's latest
   * member (the older the news, the closer the match must be); below `threshold + guardMargin` the
   * cluster must also share one of the item's `rareTerms` (a close call on common words is no match).
   * Against a cluster all from the item's own source the threshold is higher by the `sameSource`
   * margin, and a match must share at least `minShared` terms.
   */
  bestMatch(query: MatchQuery, threshold: MatchThreshold, veto?: (cluster: Cluster) => boolean): Match | undefined {
    const serials = new Set<number>();
    for (const term of query.keyTerms) for (const serial of this.index.get(term) ?? []) serials.add(serial);
    let best: Match | undefined;
    const vector = toIdVector(query.vector, this.terms);
    for (const serial of [...serials].sort((a, b) => a - b)) {
      const cluster = this.clusters.get(serial)!;
      const apart = Math.abs(query.at - cluster.lastAt);
      if (cluster.lang !== query.lang || apart > this.windowMs) continue;
      const score = cluster.centroid.cosine(vector);
      let needed = threshold.base + (threshold.perDay * apart) / DAY_MS;
      if (threshold.margin !== undefined && score >= needed) needed += threshold.margin(cluster);
      if (score < needed || (best !== undefined && score <= best.score)) continue;
      // Only a cluster that clears the plain threshold is checked for being all of the item's source.
      if (threshold.sameSource !== undefined && isOwnSource(cluster, threshold.sameSource.source)) {
        needed += threshold.sameSource.margin;
        if (score < needed) continue;
      }
      if (score < needed + threshold.guardMargin && !query.rareTerms.some((term) => cluster.centroid.has(term))) continue;
      if (sharedTerms(query.vector, cluster, threshold.minShared ?? 1) < (threshold.minShared ?? 1)) continue;
      if (veto?.(cluster)) continue;
      best = { cluster, score };
    }
    return best;
  }

  create(serial: number, id: string, lang: string, story: number, at: number, vector: TermVector): Cluster {
    const cluster: Cluster = { serial, id, lang, story, firstAt: at, lastAt: at, size: 0, centroid: new Centroid(this.terms), titles: [] };
    this.clusters.set(serial, cluster);
    this.add(cluster, vector, at);
    return cluster;
  }

  add(cluster: Cluster, vector: TermVector, at: number): void {
    const keep = at > cluster.lastAt && Number.isFinite(this.halfLifeMs) ? 0.5 ** ((at - cluster.lastAt) / this.halfLifeMs) : 1;
    const change = cluster.centroid.add(vector, keep, this.maxTerms);
    for (const term of change.added) this.indexTerm(term, cluster.serial);
    for (const term of change.removed) this.unindexTerm(term, cluster.serial);
    cluster.size += 1;
    cluster.firstAt = Math.min(cluster.firstAt, at);
    cluster.lastAt = Math.max(cluster.lastAt, at);
  }

  /** Drops the clusters whose last member is older than `now` minus the window. */
  evict(now: number): void {
    for (const cluster of this.clusters.values()) {
      if (now - cluster.lastAt <= this.windowMs) continue;
      for (const term of cluster.centroid.keys()) this.unindexTerm(term, cluster.serial);
      cluster.centroid.release();
      this.clusters.delete(cluster.serial);
    }
  }

  toState(): ClusterState[] {
    return [...this.clusters.values()].map((c) => [c.serial, c.id, c.lang, c.story, c.firstAt, c.lastAt, c.size, c.centroid.entries(), c.titles]);
  }

  /** Restores clusters in the order `toState` gave them, re-indexing their terms in that order. */
  restore(states: readonly ClusterState[]): void {
    for (const [serial, id, lang, story, firstAt, lastAt, size, weights, titles] of states) {
      const cluster: Cluster = { serial, id, lang, story, firstAt, lastAt, size, centroid: new Centroid(this.terms, weights), titles };
      this.clusters.set(serial, cluster);
      for (const [term] of weights) this.indexTerm(term, serial);
    }
  }

  private indexTerm(term: string, serial: number): void {
    const holders = this.index.get(term);
    if (holders) holders.add(serial);
    else this.index.set(term, new Set([serial]));
  }

  private unindexTerm(term: string, serial: number): void {
    const holders = this.index.get(term);
    if (!holders) return;
    holders.delete(serial);
    if (holders.size === 0) this.index.delete(term);
  }
}

/** Whether every member of the cluster whose title is kept comes from `source`. */
function isOwnSource(cluster: Cluster, source: string): boolean {
  return cluster.titles.length > 0 && cluster.titles.every(([from]) => from === source);
}

/** How many of the vector's terms the cluster's centroid holds, counting up to `enough`. */
function sharedTerms(vector: TermVector, cluster: Cluster, enough: number): number {
  let shared = 0;
  for (const term of vector.keys()) if (!isMark(term) && cluster.centroid.has(term) && ++shared >= enough) break;
  return shared;
}
