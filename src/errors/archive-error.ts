import { TributaryError } from './tributary-error.js';

/** Every code an ArchiveError can have (docs/errors.md explains each). */
export const ARCHIVE_CODES = ['ARCHIVE_WRITE_FAILED', 'ARCHIVE_INDEX_INVALID'] as const;
export type ArchiveErrorCode = (typeof ARCHIVE_CODES)[number];

/**
 * The Markdown archive could not be brought up to date: a file or its index could not be written
 * or removed, or its index is not one the archive can read. The feeds are published all the same.
 */
export class ArchiveError extends TributaryError {
  constructor(
    readonly code: ArchiveErrorCode,
    readonly path: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`archive: ${reason} (${path})`, options);
  }
}

export function isArchiveError(error: unknown): error is ArchiveError {
  return error instanceof ArchiveError;
}
