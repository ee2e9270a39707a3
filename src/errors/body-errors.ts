/** The body, once decompressed, passed the byte cap; reading stopped there. */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`body larger than ${maxBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** A Content-Encoding we did not ask for and cannot undo. */
export class UnsupportedEncodingError extends Error {
  constructor(readonly encoding: string) {
    super(`unsupported Content-Encoding ${encoding}`);
    this.name = 'UnsupportedEncodingError';
  }
}
