/**
 * Codes of a connection that broke before any answer came: what a kept-alive connection gives when
 * the server closed it, idle, just as the request went out (HTTP/1.1 leaves that race to the
 * client; undici does not retry it, Node's issue 47130 and undici's 3492). Seen here whenever a
 * server's keep-alive timeout ran out under load.
 */
const STALE_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/**
 * Sends a request, and once more when the first attempt failed on a broken connection before any
 * response: a GET is idempotent, so a second attempt (on a connection of its own) repeats nothing.
 * Once only, so a server that resets every request still fails fast.
 */
export async function retryStaleConnection<T>(send: () => Promise<T>, signal: { readonly aborted: boolean }): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (signal.aborted || !brokeBeforeAnswer(error)) throw error;
    return send();
  }
}

function brokeBeforeAnswer(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && STALE_CONNECTION_CODES.has(code)) return true;
  }
  return false;
}
