import { z } from 'zod';
import { redactUri } from './redact-uri.js';
import { SourceActivitySchema } from './source-activity.js';

/** How a failure was classified at the fetch/parse boundary: a FetchErrorKind (errors/fetch-error.ts), parse or store. */
export const FailureKindSchema = z.enum(['timeout', 'dns', 'tls', 'connection', 'http', 'too_large', 'too_many_redirects', 'not_a_feed', 'parse', 'store', 'gone', 'unknown']);
export type FailureKind = z.infer<typeof FailureKindSchema>;

const isoDate = z.iso.datetime({ offset: false });

/**
 * What Tributary remembers about polling one source. Saved in the store after each attempt,
 * and (for the validators) only after that response's items were committed.
 */
export const FetchStateSchema = z.object({
  sourceKey: z.string(),
  /**
   * The URL the state was recorded for, redacted as in logs (see stateUrl); a config edit to another
   * URL starts over. Older versions saved it verbatim (isStateFor still knows those).
   */
  url: z.string(),
  lastAttemptAt: isoDate.optional(),
  lastSuccessAt: isoDate.optional(),
  lastStatus: z.number().int().optional(),
  consecutiveErrors: z.number().int().nonnegative(),
  nextAttemptAt: isoDate.optional(),
  lastError: z
    .object({
      kind: FailureKindSchema,
      /** The error's whole message: `key: reason (url)` for a fetch or parse failure. */
      message: z.string(),
      /** Why, without the source key and URL the message adds. Absent for a store or unexpected error, and in states older versions saved. */
      reason: z.string().optional(),
      /** The error's stable code (FETCH_TIMEOUT, PARSE_FAILED, …; docs/errors.md). Absent for an unexpected error, and in states older versions saved. */
      code: z.string().optional(),
      at: isoDate,
    })
    .optional(),
  /** When the current run of failures began (the first failed attempt after a success); absent while the source answers. */
  failingSince: isoDate.optional(),
  /** Recent polls, and hourly and daily counts, for the status page (model/source-activity.ts). */
  activity: SourceActivitySchema.optional(),
  /**
   * Set while the last document parsed was ill-formed XML (or a truncated JSON Feed) that only the
   * lenient pass could read: what the parser found (`ill-formed XML: Unclosed root tag at line 9,
   * column 3`). Cleared by the next document that parses as it is.
   */
  recoveredFrom: z.string().optional(),
  /** Target of the last permanent redirect (301/308), for the operator to update the config. */
  movedTo: z.string().optional(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  /** SHA-256 of the last body parsed, to skip servers that ignore conditional requests. */
  bodyHash: z.string().optional(),
  /**
   * When the item of the last committed document that went through a commit longest ago did so
   * (the oldest time in the source's known-items record). A commit is what keeps the items' seen
   * records alive, so a poll more than half of store.seenRetentionDays after this time sends no
   * validators and parses the body even when it is unchanged. Absent in states older versions saved:
   * such a source is polled so once.
   */
  itemsCommittedAt: isoDate.optional(),
  /** Items taken from this source over its lifetime (new ones only). */
  itemsSeen: z.number().int().nonnegative(),
  /** The feed's own polling hint (<ttl>, sy:updatePeriod), kept for the 304s that follow. */
  feedRefreshMinutes: z.number().positive().optional(),
  /**
   * Set on 410 Gone: polling stops until the operator changes this source's config (its hash changes).
   * `reason` is the error's reason (`HTTP 410 Gone`); older versions saved its whole message.
   */
  disabled: z.object({ reason: z.string(), at: isoDate, configHash: z.string().optional() }).optional(),
});
export type FetchState = z.infer<typeof FetchStateSchema>;

export function initialFetchState(sourceKey: string, url: string): FetchState {
  return { sourceKey, url: stateUrl(url), consecutiveErrors: 0, itemsSeen: 0 };
}

/**
 * The form of a configured URL kept in a fetch state: redacted as in logs (password, a lone user
 * name and credential-named query values become `***`), so no secret reaches the store file.
 */
export function stateUrl(configuredUrl: string): string {
  return redactUri(configuredUrl);
}

/**
 * Whether a saved state is about this configured URL. Both sides are compared redacted (redaction
 * leaves a redacted URL as it is), so a state saved verbatim by an older version still counts, and a
 * rotated password or token keeps the source's validators and backoff.
 */
export function isStateFor(state: Pick<FetchState, 'url'>, configuredUrl: string): boolean {
  return stateUrl(state.url) === stateUrl(configuredUrl);
}

/** The saved state when it is about this configured URL (see isStateFor); otherwise undefined. */
export function stateFor(saved: FetchState | undefined, configuredUrl: string): FetchState | undefined {
  return saved && isStateFor(saved, configuredUrl) ? saved : undefined;
}
