import { TributaryError } from './tributary-error.js';

/** Every code a StoreError can have (docs/errors.md explains each). */
export const STORE_CODES = ['STORE_FAILED'] as const;
export type StoreErrorCode = (typeof STORE_CODES)[number];

/** The store could not be read or written. Nothing is assumed about what it holds. */
export class StoreError extends TributaryError {
  readonly code: StoreErrorCode = 'STORE_FAILED';

  constructor(
    readonly operation: string,
    readonly uri: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`store ${operation} failed: ${message} (${uri})`, options);
  }
}

export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreError;
}
