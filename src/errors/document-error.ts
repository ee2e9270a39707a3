import { TributaryError } from './tributary-error.js';

/** Every code a DocumentError can have (docs/errors.md explains each). */
export const DOCUMENT_CODES = ['DOCUMENT_UNREADABLE'] as const;
export type DocumentErrorCode = (typeof DOCUMENT_CODES)[number];

/**
 * Why a document could not be read, raised inside parser/ and turned into a ParseError (with the
 * source key and URL) by parseFeed, the only place that knows them.
 */
export class DocumentError extends TributaryError {
  readonly code: DocumentErrorCode = 'DOCUMENT_UNREADABLE';

  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
  }
}
