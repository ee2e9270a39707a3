import type { LoggerOptions } from 'pino';
import { redactUri } from './model/redact-uri.js';

/** Fields that hold a URL: logged with userinfo and secret-named query values as `***`. */
const URL_FIELDS: ReadonlySet<string> = new Set(['feed_url', 'url', 'moved_to', 'store', 'uri', 'hub', 'topic', 'location']);
/** Fields that may hold request headers or a source's config with them: never logged at all. */
const SECRET_FIELDS: ReadonlySet<string> = new Set(['headers', 'authorization', 'cookie', 'password', 'token']);
const REDACTED = '[redacted]';
/** How many objects deep fields are looked at: deeper than anything Tributary logs nests. */
const MAX_DEPTH = 6;

/**
 * pino's options for every logger Tributary makes: the second line of defence, after the code that
 * keeps credentials out of what it logs in the first place (a source's headers are never logged, its
 * URL is redacted where it is bound). Wherever they stand in a line, its bindings or an error
 * (`err`, as pino's serializer writes it), to MAX_DEPTH objects deep, a field named in URL_FIELDS
 * holding a string is logged redacted (redactUri), and one named in SECRET_FIELDS (in any case) as
 * `[redacted]`; the object logged is never changed.
 *
 * Below the top level this is written here rather than given to pino's `redact` as paths with a
 * wildcard (`*.url`): for those, pino ran its redactor on every field of every line, numbers
 * included, and the redactor parsed each of its paths again each time: 68 KB allocated a line, a
 * tenth of what the main thread allocates in a cycle where every feed gains an item or two. pino's
 * `redact` keeps the top level, where it costs a lookup a field: it is what reaches a child
 * logger's bindings, which pino formats with no formatter of ours (the one child, a source's,
 * binds `source_key` and `feed_url`).
 */
export function logRedaction(serializeError: (error: Error) => unknown): Pick<LoggerOptions, 'redact' | 'formatters' | 'serializers'> {
  const redactValue = (value: unknown, depth: number): unknown => {
    if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
    if (Array.isArray(value)) return redactArray(value, depth);
    // An error logged under another key than `err`: written as pino writes one, then redacted.
    if (value instanceof Error) return redactError(value, depth);
    // A Date, a Buffer, a URL: JSON writes what its toJSON gives, no field of it.
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
    // Anything else is written as its own enumerable fields, which a copy keeps.
    return redactObject(value as Record<string, unknown>, depth, false);
  };

  const redactError = (error: Error, depth: number): unknown => {
    const serialized = serializeError(error);
    return typeof serialized === 'object' && serialized !== null ? redactObject(serialized as Record<string, unknown>, depth, false) : serialized;
  };

  const redactArray = (values: readonly unknown[], depth: number): unknown[] => {
    let copy: unknown[] | undefined;
    values.forEach((value, i) => {
      const redacted = redactValue(value, depth + 1);
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
    if (typeof value === 'string') return URL_FIELDS.has(key) ? redactUri(value) : value;
    return redactValue(value, depth + 1);
  };

  return {
    redact: {
      paths: [...URL_FIELDS, ...SECRET_FIELDS],
      censor: (value: unknown, path: string[]) => (URL_FIELDS.has(path[0] ?? '') ? (typeof value === 'string' ? redactUri(value) : value) : REDACTED),
    },
    formatters: {
      log: (object) => redactObject(object, 0, true),
      bindings: (bindings) => redactObject(bindings, 0, true),
    },
    serializers: { err: (error: Error) => redactError(error, 1) },
  };
}
