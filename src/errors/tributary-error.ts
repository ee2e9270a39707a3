/** Base of every error Tributary raises on purpose: a stable code an operator can search for. */
export abstract class TributaryError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export function isTributaryError(error: unknown): error is TributaryError {
  return error instanceof TributaryError;
}

/** A message for logs from anything thrown, including non-Error values. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
