import { EventEmitter } from 'node:events';

export interface Deadline {
  /** Aborts when the time is up or the outer signal aborts, whichever comes first. */
  readonly signal: DeadlineSignal;
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
  const signal = new DeadlineSignal();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    signal.abort(new Error(`deadline of ${timeoutMs} ms passed`));
  }, timeoutMs);
  const forward = (): void => signal.abort(outer?.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener('abort', forward, { once: true });

  return {
    signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
    },
  };
}

/**
 * The signal a fetch hands to undici: an emitter of 'abort' with `aborted` and `reason`, which
 * undici's request() takes as well as an AbortSignal (its `signal: AbortSignal | EventEmitter`).
 * An AbortController, its signal and the EventTarget listener undici adds to it cost twice as much,
 * on every fetch; the reasons are the same as an AbortController's.
 */
export class DeadlineSignal extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  constructor() {
    super();
    // undici listens once per request, until its body is done: a redirect's page still draining
    // keeps its hop's listener, so a long chain holds up to `fetch.maxRedirects` + 1 of them at once,
    // a number the config bounds. Node's warning past 10 would be a false alarm.
    this.setMaxListeners(0);
  }

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
    this.emit('abort');
  }
}
