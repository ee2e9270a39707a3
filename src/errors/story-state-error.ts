import { TributaryError } from './tributary-error.js';

/** Every code a StoryStateError can have (docs/errors.md explains each). */
export const STORY_STATE_CODES = ['STORY_STATE_INVALID'] as const;
export type StoryStateErrorCode = (typeof STORY_STATE_CODES)[number];

/** A stored story-clusterer snapshot that cannot be restored: another version, or not a snapshot at all. */
export class StoryStateError extends TributaryError {
  readonly code: StoryStateErrorCode = 'STORY_STATE_INVALID';
}

export function isStoryStateError(error: unknown): error is StoryStateError {
  return error instanceof StoryStateError;
}
