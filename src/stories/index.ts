export { eventIdOf, memberKey, storyIdOf, type ItemKey } from './cluster-ids.js';
export { compareForClustering, sortForClustering, type OrderedItem } from './clustering-order.js';
export { primaryLanguage, type StoryInput } from './item-vector.js';
export { StoryClusterer, type StoryAssignment, type StoryCounts } from './story-clusterer.js';
export { DEFAULT_STORY_OPTIONS, type StoryOptions } from './story-options.js';
export { SNAPSHOT_VERSION, type StorySnapshot } from './story-snapshot.js';
export { STORY_STATE_CODES, StoryStateError, type StoryStateErrorCode } from '../errors/story-state-error.js';
