import { sourceMessage } from './source-message.js';
import { TributaryError } from './tributary-error.js';

/** The body was fetched but is not a feed Tributary can read. */
export class ParseError extends TributaryError {
  readonly code = 'PARSE_FAILED';

  constructor(
    readonly sourceKey: string,
    readonly url: string,
    /** What is wrong with the document, without the source and URL the message adds. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(sourceMessage(sourceKey, reason, url), options);
  }
}

export function isParseError(error: unknown): error is ParseError {
  return error instanceof ParseError;
}
