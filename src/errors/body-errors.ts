import { TributaryError } from './tributary-error.js';

/**
 * Every code the body errors can have (docs/errors.md explains each). Each is raised while a body
 * is read and turned into a FetchError (with the source key and URL) by whoever fetched it.
 */
export const BODY_CODES = ['BODY_TOO_LARGE', 'BODY_UNSUPPORTED_ENCODING', 'BODY_DECOMPRESSION_FAILED'] as const;
export type BodyErrorCode = (typeof BODY_CODES)[number];

/** The body, once decompressed, passed the byte cap; reading stopped there. */
export class BodyTooLargeError extends TributaryError {
  readonly code: BodyErrorCode = 'BODY_TOO_LARGE';

  constructor(readonly maxBytes: number) {
    super(`body larger than ${maxBytes} bytes`);
  }
}

/** A Content-Encoding we did not ask for and cannot undo. */
export class UnsupportedEncodingError extends TributaryError {
  readonly code: BodyErrorCode = 'BODY_UNSUPPORTED_ENCODING';

  constructor(readonly encoding: string) {
    super(`unsupported Content-Encoding ${encoding}`);
  }
}

/** The decoder of a Content-Encoding failed on the body: it is not the gzip, deflate or br it claims to be. */
export class DecompressionError extends TributaryError {
  readonly code: BodyErrorCode = 'BODY_DECOMPRESSION_FAILED';

  constructor(
    readonly encoding: string,
    cause: unknown,
  ) {
    super(`could not decompress the body: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
