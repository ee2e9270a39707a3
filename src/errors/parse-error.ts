import { sourceMessage } from './source-message.js';
import { TributaryError } from './tributary-error.js';

/** Every code a ParseError can have (docs/errors.md explains each). */
export const PARSE_CODES = ['PARSE_FAILED', 'PARSE_TIMEOUT', 'PARSE_MEMORY'] as const;
export type ParseErrorCode = (typeof PARSE_CODES)[number];

/** The body was fetched but is not a feed Tributary can read (PARSE_FAILED), or reading it overran its deadline (PARSE_TIMEOUT) or its thread's memory (PARSE_MEMORY). */
export class ParseError extends TributaryError {
  readonly code: ParseErrorCode;

  constructor(
    readonly sourceKey: string,
    readonly url: string,
    /** What is wrong with the document, without the source and URL the message adds. */
    readonly reason: string,
    options?: { cause?: unknown; code?: ParseErrorCode },
  ) {
    super(sourceMessage(sourceKey, reason, url), options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = options?.code ?? 'PARSE_FAILED';
  }
}

export function isParseError(error: unknown): error is ParseError {
  return error instanceof ParseError;
}
