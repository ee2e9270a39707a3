/**
 * The clusterer's settings. Thresholds and feature weights were chosen on the two tuning sets
 * (test/fixtures/stories/labelled.json and fresh/, by test/stories/tuning.ts) and are pinned by
 * test/stories/thresholds.test.ts; docs/stories.md has the figures, in-sample and across the sets.
 */
export interface StoryOptions {
  /**
   * Cosine between an item and an event's centroid at or above which the item joins the event.
   * @default 0.2
   */
  eventThreshold: number;
  /**
   * How much the event threshold rises per day between the item and the event's latest member.
   * @default 0.1
   */
  eventThresholdPerDay: number;
  /**
   * Added to the event threshold against an event all of whose members come from the item's own
   * source: one outlet's items share its style and stock phrases, and it seldom reports one
   * happening twice within days.
   * @default 0.3
   */
  sameSourceMargin: number;
  /**
   * An item joins an event only if it shares at least this many terms with it: one word in common
   * ("Most Influential: …") is no evidence of one happening, however rare the word.
   * @default 2
   */
  eventMinSharedTerms: number;
  /**
   * Cosine between an item that starts an event and a story's centroid at or above which the new
   * event joins the story.
   * @default 0.3
   */
  storyThreshold: number;
  /**
   * An event takes items published at most this long after (or before) its latest member.
   * @default 72
   */
  eventWindowHours: number;
  /**
   * A story takes events starting at most this long after (or before) its latest member.
   * @default 60
   */
  storyWindowDays: number;
  /**
   * How much an occurrence in the title counts against one in the description.
   * @default 1
   */
  titleWeight: number;
  /**
   * Extra weight of a name (`CoreWeave`, `SEC`, `Do Kwon`): capitalized inside a sentence, inner
   * capitals, or all capitals.
   * @default 2
   */
  entityWeight: number;
  /**
   * Weight of plain words (not names) in the vectors stories are matched on, against 1 in events':
   * a story is held together by its actors more than by its wording.
   * @default 0.75
   */
  storyWordWeight: number;
  /**
   * Weight of a price move's term (asset, direction and UTC day, read from the headline: "Bitcoin
   * drops under $83K") in event vectors; 0 reads no moves. Two moves of one asset that differ in
   * direction or day are never one event.
   * @default 4
   */
  moveWeight: number;
  /**
   * Weight of a headline's marks (the first word of each clause, the kinds of happening it names)
   * in event vectors; 0 reads no marks (and the two margins below then do nothing).
   * @default 0.5
   */
  markWeight: number;
  /**
   * Added to the event threshold when neither the item nor the event has a lead the other holds.
   * @default 0.3
   */
  leadMargin: number;
  /**
   * Added to the event threshold when both name kinds of happening and none in common.
   * @default 0.3
   */
  kindMargin: number;
  /**
   * An item joins no event holding a member of its own source with the same title terms published
   * at least this many hours before it: a recurring headline (a daily recap), not a release sent twice.
   * @default 12
   */
  recurringTitleHours: number;
  /**
   * Weight of each of the item's topic codes (enrichment `topics`) as a term; 0 leaves them out.
   * @default 0
   */
  topicWeight: number;
  /**
   * A term is rare (and may vouch for a match) while it is in at most this share of the stream's
   * (decayed) documents…
   * @default 0.02
   */
  rareTermShare: number;
  /**
   * …or in at most this many, which is what counts while the stream is young.
   * @default 3
   */
  rareTermMinCount: number;
  /**
   * An item joining an event with a score below the threshold plus this margin must share a rare
   * term with it; 1 (cosines are at most 1): every join must. A new event joining a story always
   * must share a rare name with it (see storyNameHolders).
   * @default 1
   */
  eventGuardMargin: number;
  /**
   * The item's heaviest terms whose clusters are candidates (besides those holding its rare terms).
   * @default 8
   */
  keyTerms: number;
  /**
   * A name vouches for a story link only while at most this many open stories hold it.
   * @default 2
   */
  storyNameHolders: number;
  /**
   * Half-life of the document frequencies the term weights come from.
   * @default 14
   */
  termHalfLifeDays: number;
  /**
   * Most terms the document-frequency table keeps; the rarest now are dropped past it.
   * @default 100000
   */
  maxTerms: number;
  /**
   * Half-life of older members' weight in a story's centroid, so a story follows its latest turn.
   * @default 14
   */
  storyHalfLifeDays: number;
  /**
   * Most terms an event's or a story's centroid keeps (its heaviest).
   * @default 64
   */
  centroidTerms: number;
  /**
   * Characters of the description read (the stored description is already cut near 300).
   * @default 300
   */
  descriptionChars: number;
}

export const DEFAULT_STORY_OPTIONS: Readonly<StoryOptions> = Object.freeze({
  eventThreshold: 0.2,
  eventThresholdPerDay: 0.1,
  sameSourceMargin: 0.3,
  eventMinSharedTerms: 2,
  storyThreshold: 0.3,
  eventWindowHours: 72,
  storyWindowDays: 60,
  titleWeight: 1,
  entityWeight: 2,
  storyWordWeight: 0.75,
  moveWeight: 4,
  markWeight: 0.5,
  leadMargin: 0.3,
  kindMargin: 0.3,
  recurringTitleHours: 12,
  topicWeight: 0,
  rareTermShare: 0.02,
  rareTermMinCount: 3,
  eventGuardMargin: 1,
  keyTerms: 8,
  storyNameHolders: 2,
  termHalfLifeDays: 14,
  maxTerms: 100_000,
  storyHalfLifeDays: 14,
  centroidTerms: 64,
  descriptionChars: 300,
});
