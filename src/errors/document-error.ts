/**
 * Why a document could not be read, raised inside parser/ and turned into a ParseError (with the
 * source key and URL) by parseFeed, the only place that knows them.
 */
export class DocumentError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'DocumentError';
  }
}
