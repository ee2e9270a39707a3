import { TributaryError } from './tributary-error.js';

/** The store could not be read or written. Nothing is assumed about what it holds. */
export class StoreError extends TributaryError {
  readonly code = 'STORE_FAILED';

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
