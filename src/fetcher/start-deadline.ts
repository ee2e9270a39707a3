export interface Deadline {
  /** Aborts when the time is up or the outer signal aborts, whichever comes first. */
  readonly signal: AbortSignal;
  /** Whether it was the time running out (not the outer signal) that aborted. */
  readonly timedOut: boolean;
  /** Stops the timer and lets go of the outer signal; call once the work is over. */
  dispose(): void;
}

/**
 * One abort signal for one fetch: a timer, and the caller's signal forwarded. Not AbortSignal.any:
 * the caller's signal lives as long as the daemon, and Node 20 can keep every signal combined with
 * it alive (nodejs/node#55351), whereas a listener removed in dispose() leaves nothing behind.
 */
export function startDeadline(timeoutMs: number, outer?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`deadline of ${timeoutMs} ms passed`));
  }, timeoutMs);
  const forward = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener('abort', forward, { once: true });

  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
    },
  };
}
