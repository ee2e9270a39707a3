import { TributaryError } from './tributary-error.js';

/** A file given as OPML is not one: no `<opml>` root, or no `<body>`. */
export class OpmlError extends TributaryError {
  readonly code = 'OPML_INVALID';

  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

export function isOpmlError(error: unknown): error is OpmlError {
  return error instanceof OpmlError;
}
