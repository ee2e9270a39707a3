import { TributaryError } from './tributary-error.js';

/** Every code an OpmlError can have (docs/errors.md explains each). */
export const OPML_CODES = ['OPML_INVALID'] as const;
export type OpmlErrorCode = (typeof OPML_CODES)[number];

/** A file given as OPML is not one: no `<opml>` root, or no `<body>`. */
export class OpmlError extends TributaryError {
  readonly code: OpmlErrorCode = 'OPML_INVALID';

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
