import type { Dispatcher } from 'undici';

type Body = Dispatcher.ResponseData['body'];

/**
 * Drains a body we will not read (redirects, 304, error statuses), so its socket goes back to the
 * pool; undici destroys the socket instead when the body is large. Errors (an abort meanwhile, a
 * reset) no longer matter here.
 */
export async function discardBody(body: Body): Promise<void> {
  try {
    await body.dump();
  } catch {
    abandonBody(body);
  }
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
