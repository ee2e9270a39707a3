import { eventIdOf, memberKey, storyIdOf } from './cluster-ids.js';
import { type Cluster, ClusterLevel } from './cluster-level.js';
import { sortForClustering } from './clustering-order.js';
import { countTerms, primaryLanguage, type StoryInput, weighTerms } from './item-vector.js';
import { checkSnapshot, type MemberState, SNAPSHOT_VERSION, type StorySnapshot } from './story-snapshot.js';
import { DEFAULT_STORY_OPTIONS, type StoryOptions } from './story-options.js';
import { compareMarks, isMark } from './headline-marks.js';
import { conflictingMove, MOVE_PREFIX } from './price-moves.js';
import { isTemplateSibling, MAX_TITLES_KEPT, sameTerms } from './templated-titles.js';
import { TermStats } from './term-stats.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Expired clusters and members are swept out once per hour of stream time. */
const SWEEP_EVERY_MS = HOUR_MS;

/** The event and story an item belongs to. */
export interface StoryAssignment {
  sourceKey: string;
  externalId: string;
  eventId: string;
  storyId: string;
  /** `new`: the item started it; `joined`: it joined one; `known`: the item was assigned before (a re-poll) and keeps its ids. */
  event: 'new' | 'joined' | 'known';
  story: 'new' | 'joined' | 'known';
  /** Cosine with the event (or story) it joined; absent when it started one or was known. */
  eventScore?: number;
  storyScore?: number;
}

/** How much the clusterer holds, for logs and the bench. */
export interface StoryCounts {
  events: number;
  stories: number;
  members: number;
  terms: number;
}

/**
 * Assigns items, one at a time as they are committed, to an event (the same news within days) and a
 * story (one subject over weeks): a single online pass of TF-IDF cosine against the centroids of
 * the events and stories still in their windows, per language, with term weights learnt from the
 * stream. Never re-clusters; holds only what is inside the windows; deterministic: the same items
 * in the same order (see `sortForClustering`) give the same ids, and a snapshot restored goes on as
 * the original would.
 */
export class StoryClusterer {
  private readonly events: ClusterLevel;
  private readonly stories: ClusterLevel;
  private readonly members = new Map<string, { eventId: string; storyId: string; at: number }>();
  /** Latest published time seen (ms); 0 before the first item. */
  private streamTime = 0;
  private lastSweep = 0;
  private nextSerial = 1;

  private constructor(
    readonly options: Readonly<StoryOptions>,
    private readonly terms: TermStats,
  ) {
    this.events = new ClusterLevel(options.eventWindowHours * HOUR_MS, Number.POSITIVE_INFINITY, options.centroidTerms);
    this.stories = new ClusterLevel(options.storyWindowDays * DAY_MS, options.storyHalfLifeDays * DAY_MS, options.centroidTerms);
  }

  static create(options: Partial<StoryOptions> = {}): StoryClusterer {
    const merged = Object.freeze({ ...DEFAULT_STORY_OPTIONS, ...options });
    // An event's story must outlive it: every item that joins an event joins its story too.
    if (merged.storyWindowDays * 24 < merged.eventWindowHours) throw new RangeError('storyWindowDays must span at least eventWindowHours');
    return new StoryClusterer(merged, new TermStats(merged.termHalfLifeDays * DAY_MS, merged.maxTerms));
  }

  /** A clusterer that goes on from a snapshot (as `snapshot()` gave it, or parsed back from its JSON). */
  static restore(value: unknown): StoryClusterer {
    const snapshot = checkSnapshot(value);
    const options = Object.freeze({ ...DEFAULT_STORY_OPTIONS, ...snapshot.options });
    const clusterer = new StoryClusterer(options, TermStats.fromState(snapshot.terms, options.termHalfLifeDays * DAY_MS, options.maxTerms));
    clusterer.streamTime = snapshot.streamTime;
    clusterer.lastSweep = snapshot.lastSweep;
    clusterer.nextSerial = snapshot.nextSerial;
    clusterer.events.restore(snapshot.events);
    clusterer.stories.restore(snapshot.stories);
    for (const [key, eventId, storyId, at] of snapshot.members) clusterer.members.set(key, { eventId, storyId, at });
    return clusterer;
  }

  /** Sorts a batch into the clustering order and assigns each item; the assignments come in that order. */
  assignBatch(items: readonly StoryInput[]): StoryAssignment[] {
    return sortForClustering(items).map((item) => this.assign(item));
  }

  /**
   * Assigns one item. Items must come in the clustering order (`sortForClustering`); one published
   * before items already assigned is still placed, against the clusters of its own time that are
   * still held, but the result may then differ from a run that saw it in order.
   */
  assign(item: StoryInput): StoryAssignment {
    const key = memberKey(item);
    const known = this.members.get(key);
    const base = { sourceKey: item.source.key, externalId: item.externalId };
    if (known) return { ...base, eventId: known.eventId, storyId: known.storyId, event: 'known', story: 'known' };

    const at = Date.parse(item.publishedAt);
    if (!Number.isFinite(at)) throw new RangeError(`publishedAt is not a date: ${item.publishedAt}`);
    this.streamTime = Math.max(this.streamTime, at);
    this.sweepIfDue();

    const lang = primaryLanguage(item.lang);
    const { counts, titleTerms } = countTerms(item, lang, this.options);
    this.terms.addDocument(counts.keys(), this.streamTime);
    const { entityWeight, topicWeight, storyWordWeight, moveWeight } = this.options;
    const vector = weighTerms(counts, this.terms, this.streamTime, { word: 1, entity: entityWeight, topic: topicWeight, move: moveWeight, mark: this.options.markWeight });
    // A move's term names one day: it says which event, not which story.
    const storyVector = weighTerms(counts, this.terms, this.streamTime, { word: storyWordWeight, entity: entityWeight, topic: topicWeight, move: 0, mark: 0 });
    const words = [...counts.keys()].filter((term) => !term.startsWith('#') && !isMark(term));
    const rareTerms = words.filter((term) => this.terms.isRare(term, this.streamTime, this.options.rareTermShare, this.options.rareTermMinCount));
    const guardMargin = this.options.eventGuardMargin;
    // When every join must share a rare term (margin 1: cosines are at most 1), the clusters holding
    // one are all the candidates; otherwise those holding one of the item's heaviest terms too.
    const query = { vector, keyTerms: guardMargin >= 1 ? rareTerms : this.keyTermsOf(vector, rareTerms), rareTerms, lang, at };
    // A story link must rest on a name that singles a story out (CoreWeave): a name, rare in the
    // stream, and held by few of the stories still open (AI is in many).
    const rareNames = rareTerms.filter((term) => counts.get(term)!.entity && this.stories.holders(term) <= this.options.storyNameHolders);
    const storyQuery = { ...query, vector: storyVector, keyTerms: rareNames, rareTerms: rareNames };

    const sourceKey = item.source.key;
    // An event (or story) holding a same-source sibling of this title's template is another company's release, not this one's.
    const templated = (cluster: Cluster) => cluster.titles.some(([source, terms]) => source === sourceKey && isTemplateSibling(terms, titleTerms));
    const move = [...counts.keys()].find((term) => term.startsWith(MOVE_PREFIX));
    const recurringAfter = this.options.recurringTitleHours * HOUR_MS;
    // Not this item's event: another move of its asset, a template sibling, or a recurring headline of its source.
    const vetoEvent = (cluster: Cluster) =>
      (move !== undefined && conflictingMove(move, cluster.centroid.keys())) ||
      templated(cluster) ||
      (at - cluster.firstAt >= recurringAfter && cluster.titles.some(([source, terms]) => source === sourceKey && sameTerms(terms, titleTerms)));
    const event = this.events.bestMatch(
      query,
      {
        base: this.options.eventThreshold,
        perDay: this.options.eventThresholdPerDay,
        guardMargin,
        sameSource: { source: sourceKey, margin: this.options.sameSourceMargin },
        minShared: this.options.eventMinSharedTerms,
        margin: (cluster) => {
          const marks = compareMarks(vector, cluster.centroid);
          return (marks.leadsApart ? this.options.leadMargin : 0) + (marks.kindsApart ? this.options.kindMargin : 0);
        },
      },
      vetoEvent,
    );
    let assignment: StoryAssignment;
    if (event) {
      const story = this.stories.get(event.cluster.story)!;
      this.events.add(event.cluster, vector, at);
      if (event.cluster.titles.length < MAX_TITLES_KEPT) event.cluster.titles.push([sourceKey, titleTerms]);
      this.stories.add(story, storyVector, at);
      if (story.titles.length < MAX_TITLES_KEPT) story.titles.push([sourceKey, titleTerms]);
      assignment = { ...base, eventId: event.cluster.id, storyId: story.id, event: 'joined', story: 'joined', eventScore: event.score };
    } else {
      const storyMatch = this.stories.bestMatch(storyQuery, { base: this.options.storyThreshold, perDay: 0, guardMargin: 1 }, templated);
      let story = storyMatch?.cluster;
      if (story) this.stories.add(story, storyVector, at);
      else story = this.stories.create(this.nextSerial++, storyIdOf(item), lang, 0, at, storyVector);
      if (story.titles.length < MAX_TITLES_KEPT) story.titles.push([sourceKey, titleTerms]);
      const created = this.events.create(this.nextSerial++, eventIdOf(item), lang, story.serial, at, vector);
      created.titles.push([sourceKey, titleTerms]);
      assignment = {
        ...base,
        eventId: created.id,
        storyId: story.id,
        event: 'new',
        story: storyMatch ? 'joined' : 'new',
        ...(storyMatch ? { storyScore: storyMatch.score } : {}),
      };
    }
    this.members.set(key, { eventId: assignment.eventId, storyId: assignment.storyId, at });
    return assignment;
  }

  /** The whole state, as plain JSON-able data. */
  snapshot(): StorySnapshot {
    const members: MemberState[] = [...this.members].map(([key, m]) => [key, m.eventId, m.storyId, m.at]);
    return {
      version: SNAPSHOT_VERSION,
      options: { ...this.options },
      streamTime: this.streamTime,
      lastSweep: this.lastSweep,
      nextSerial: this.nextSerial,
      terms: this.terms.toState(),
      events: this.events.toState(),
      stories: this.stories.toState(),
      members,
    };
  }

  /** The latest published time seen (epoch ms): the clock its windows run on. */
  get streamTimeMs(): number {
    return this.streamTime;
  }

  counts(): StoryCounts {
    return { events: this.events.size, stories: this.stories.size, members: this.members.size, terms: this.terms.size };
  }

  /** The vector's heaviest words (topics aside) and the rare terms: the clusters holding one of them are the candidates. */
  private keyTermsOf(vector: ReadonlyMap<string, number>, rareTerms: readonly string[]): string[] {
    const heaviest = [...vector]
      .filter(([term]) => !term.startsWith('#') && !isMark(term))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, this.options.keyTerms)
      .map(([term]) => term);
    return [...new Set([...heaviest, ...rareTerms])];
  }

  /** Once an hour of stream time: drops events, stories and remembered items past their windows. */
  private sweepIfDue(): void {
    if (this.streamTime - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = this.streamTime;
    this.events.evict(this.streamTime);
    this.stories.evict(this.streamTime);
    const horizon = this.streamTime - this.stories.windowMs;
    for (const [key, member] of this.members) if (member.at < horizon) this.members.delete(key);
  }
}
