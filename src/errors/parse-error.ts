import { sourceMessage } from './source-message.js';
import { TributaryError } from './tributary-error.js';

/** Every code a ParseError can have (docs/errors.md explains each). */
export const PARSE_CODES = ['PARSE_FAILED'] as const;
export type ParseErrorCode = (typeof PARSE_CODES)[number];

/** The body was fetched but is not a feed Tributary can read. */
export class ParseError extends TributaryError {
  readonly code: ParseErrorCode = 'PARSE_FAILED';

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
