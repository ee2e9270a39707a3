import type { Dispatcher } from 'undici';

type Body = Dispatcher.ResponseData['body'];

/** How long a body we will not read may take to come in before its socket is closed instead. */
const DRAIN_BUDGET_MS = 5_000;

/**
 * Drains a body we will not read (redirects, 304, error statuses) in the background, so its socket
 * goes back to the pool; undici destroys the socket instead when the body is large, and so does a
 * body still coming after DRAIN_BUDGET_MS. Nobody waits for it: a redirect body that stalls must not
 * hold up the next hop. Errors (an abort meanwhile, a reset) no longer matter here.
 */
export function discardBody(body: Body): void {
  const budget = setTimeout(() => abandonBody(body), DRAIN_BUDGET_MS).unref();
  body.dump().then(
    () => clearTimeout(budget),
    () => {
      clearTimeout(budget);
      abandonBody(body);
    },
  );
}

/**
 * Destroys a body that was not read to its end, which closes its socket. undici then reports a
 * "Request aborted" error on the body; nobody is listening any more, so it is swallowed here
 * rather than left to crash the process as an unhandled 'error' event.
 */
export function abandonBody(body: Body): void {
  if (body.destroyed || body.readableEnded) return;
  body.on('error', () => undefined);
  body.destroy();
}
