import { createRequire } from 'node:module';
import type { Agent as UndiciAgent, Dispatcher } from 'undici';

/*
 * The two parts of undici a fetch needs, taken from the files undici's index.js (7.x) takes them from.
 * The index also loads fetch, WebSocket, EventSource, the cookie helpers, caches and mocks (and,
 * through them, Node's own bundled undici): ~50 ms of CPU at every start of `tributary poll`, which
 * sends nothing but request()s. The classes are the same ones 'undici' exports (same files, same
 * module cache), so an Agent made here and one made from 'undici' are interchangeable.
 */
const require = createRequire(import.meta.url);

export const Agent: typeof UndiciAgent = require('undici/lib/dispatcher/agent.js');

const requestWith: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData> = require('undici/lib/api/api-request.js');
const { parseURL } = require('undici/lib/core/util.js') as { parseURL: (url: URL) => URL };

/** undici's `request(url, { method, headers, signal, dispatcher })` as its index.js builds it, for a URL already parsed (parseURL then only checks its protocol). */
export function request(
  url: URL,
  options: { method: Dispatcher.HttpMethod; headers: Record<string, string>; signal: Dispatcher.RequestOptions['signal']; dispatcher: Dispatcher },
): Promise<Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  const parsed = parseURL(url);
  return requestWith.call(dispatcher, {
    ...rest,
    origin: parsed.origin,
    path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname,
  });
}
