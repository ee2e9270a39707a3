import type { Bindings, ChildLoggerOptions, DestinationStream, Logger, LoggerOptions } from 'pino';
import { redactUri } from './model/redact-uri.js';

/** Fields that hold a URL: logged with userinfo and secret-named query values as `***`. */
const URL_FIELDS: ReadonlySet<string> = new Set(['feed_url', 'url', 'moved_to', 'store', 'uri', 'hub', 'topic', 'location']);
/** Fields that may hold request headers or a source's config with them: never logged at all. */
const SECRET_FIELDS: ReadonlySet<string> = new Set(['headers', 'authorization', 'cookie', 'password', 'token']);
const REDACTED = '[redacted]';
/** How many objects deep fields are looked at: deeper than anything Tributary logs nests. */
const MAX_DEPTH = 6;

/**
 * A pino logger with Tributary's redaction (logRedaction) in its lines and in every child's
 * bindings (withRedactedChildren): the one way Tributary makes a logger, so that neither half can be
 * left out. `pino` is passed in, as the commands load it only when a line is first written.
 */
export function createRedactingLogger(pino: typeof import('pino').pino, options: LoggerOptions, destination?: DestinationStream): Logger {
  const redaction = logRedaction(pino.stdSerializers.err);
  const withRedaction = { ...options, ...redaction };
  return withRedactedChildren(destination ? pino(withRedaction, destination) : pino(withRedaction), redaction);
}

/**
 * pino's options for every logger Tributary makes: the second line of defence, after the code that
 * keeps credentials out of what it logs in the first place (a source's headers are never logged, its
 * URL is redacted where it is bound). Wherever they stand in a line, in its objects written into
 * the message (`%j`), in a child logger's bindings (withRedactedChildren) or in an error (as pino's
 * serializer writes it), to MAX_DEPTH objects deep, and in what a toJSON writes, a field named in
 * URL_FIELDS holding a string or strings is logged redacted (redactUri), and one named in
 * SECRET_FIELDS (in any case) as `[redacted]`; the object logged is never changed.
 *
 * Below the top level this is written here rather than given to pino's `redact` as paths with a
 * wildcard (`*.url`): for those, pino ran its redactor on every field of every line, numbers
 * included, and the redactor parsed each of its paths again each time: 68 KB allocated a line, a
 * tenth of what the main thread allocates in a cycle where every feed gains an item or two. pino's
 * `redact` keeps the top level, where it costs a lookup a field.
 */
function logRedaction(serializeError: (error: Error) => unknown): Pick<LoggerOptions, 'redact' | 'formatters' | 'serializers' | 'hooks'> {
  const redactValue = (value: unknown, depth: number): unknown => {
    if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
    if (Array.isArray(value)) return redactArray(value, depth, redactValue);
    // An error logged under another key than `err`: written as pino writes one, then redacted.
    if (value instanceof Error) return redactError(value, depth);
    // A Date, a URL, a class with a toJSON: JSON writes what toJSON gives, so that is what is looked at
    // (a level deeper, so that a toJSON giving another such object each time ends at MAX_DEPTH).
    const written = writtenAs(value, '');
    if (written !== value) return unlessSame(value, written, redactValue(written, depth + 1));
    // Anything else is written as its own enumerable fields, which a copy keeps.
    return redactObject(value as Record<string, unknown>, depth, false);
  };

  const redactError = (error: unknown, depth: number): unknown => {
    let serialized: unknown;
    try {
      serialized = serializeError(error as Error);
    } catch {
      // pino's serializer marks the error it reads, which a frozen one refuses.
      const { name, message, stack } = error as Error;
      serialized = { ...(error as object), type: name, message, stack };
    }
    // Not an error after all (an array, a string under `err`): written as it is.
    if (serialized === error)
      return Array.isArray(error) ? redactArray(error, depth, redactValue) : typeof error === 'object' && error !== null ? redactObject(error as Record<string, unknown>, depth, false) : error;
    return typeof serialized === 'object' && serialized !== null ? redactObject(serialized as Record<string, unknown>, depth, false) : serialized;
  };

  /** A URL field's value: a string, or strings in arrays, redacted with redactUri; other values as redactValue reads them. */
  const redactUrls = (value: unknown, depth: number): unknown => {
    const written = writtenAs(value, '');
    if (typeof written === 'string') return unlessSame(value, written, redactUri(written));
    if (Array.isArray(written) && depth <= MAX_DEPTH) return unlessSame(value, written, redactArray(written, depth, redactUrls));
    return redactValue(value, depth);
  };

  const redactArray = (values: readonly unknown[], depth: number, redact: (value: unknown, depth: number) => unknown): unknown[] => {
    let copy: unknown[] | undefined;
    values.forEach((value, i) => {
      const redacted = redact(value, depth + 1);
      if (redacted === value) return;
      copy ??= values.slice();
      copy[i] = redacted;
    });
    return copy ?? (values as unknown[]);
  };

  /** The object with its fields redacted: itself when none is, a copy otherwise. `err` at the top is left to its serializer. */
  const redactObject = (object: Record<string, unknown>, depth: number, errorLeft: boolean): Record<string, unknown> => {
    let copy: Record<string, unknown> | undefined;
    for (const key in object) {
      if (!Object.hasOwn(object, key) || (errorLeft && key === 'err')) continue;
      const value = object[key];
      const redacted = redactField(key, value, depth);
      if (redacted === value) continue;
      copy ??= { ...object };
      copy[key] = redacted;
    }
    return copy ?? object;
  };

  const redactField = (key: string, value: unknown, depth: number): unknown => {
    if (SECRET_FIELDS.has(key) || SECRET_FIELDS.has(key.toLowerCase())) return value === undefined ? value : REDACTED;
    if (URL_FIELDS.has(key)) return redactUrls(value, depth + 1);
    return typeof value === 'object' ? redactValue(value, depth + 1) : value;
  };

  return {
    redact: {
      paths: [...URL_FIELDS, ...SECRET_FIELDS],
      censor: (value: unknown, path: string[]) => (URL_FIELDS.has(path[0] ?? '') ? redactUrls(value, 1) : REDACTED),
    },
    formatters: {
      log: (object) => redactObject(object, 0, true),
      bindings: (bindings) => redactObject(bindings, 0, true),
    },
    serializers: { err: (error: Error) => redactError(error, 1) },
    hooks: {
      // Objects written into the message (`%j`, `%o`), which pino's `redact` reads at their top level only.
      logMethod(args, method) {
        const first = typeof args[0] === 'string' ? 1 : 2;
        if (args.length <= first) return method.apply(this, args);
        return method.apply(this, args.map((arg, i) => (i >= first ? redactValue(arg, 1) : arg)) as typeof args);
      },
    },
  };
}

/**
 * A logger whose children, and theirs, have their bindings redacted as a line is: pino formats a
 * child's bindings with none of the formatters it was made with, and its `redact` reads only their
 * top level.
 */
function withRedactedChildren<T extends Logger>(logger: T, redaction: ReturnType<typeof logRedaction>): T {
  const child = logger.child as unknown as (this: Logger, bindings: Bindings, options?: ChildLoggerOptions) => Logger;
  const redactBindings = redaction.formatters?.bindings ?? ((bindings: Bindings) => bindings);
  // An own property of the root, which every child inherits (a pino child is made with Object.create(parent)).
  logger.child = function (this: Logger, bindings: Bindings, options?: ChildLoggerOptions) {
    return child.call(this, redactBindings(bindings), options);
  } as unknown as T['child'];
  return logger;
}

/** What JSON writes for a value: its toJSON's answer when it has one. */
function writtenAs(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON: (key: string) => unknown }).toJSON(key) : value;
}

/** The original value when redacting what it is written as changed nothing. */
function unlessSame(original: unknown, written: unknown, redacted: unknown): unknown {
  return redacted === written ? original : redacted;
}
