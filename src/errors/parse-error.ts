import { TributaryError } from './tributary-error.js';

/** The body was fetched but is not a feed Tributary can read. */
export class ParseError extends TributaryError {
  readonly code = 'PARSE_FAILED';

  constructor(
    readonly sourceKey: string,
    readonly url: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${sourceKey}: ${message} (${url})`, options);
  }
}

export function isParseError(error: unknown): error is ParseError {
  return error instanceof ParseError;
}
