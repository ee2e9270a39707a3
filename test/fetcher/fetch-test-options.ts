import type { Agent } from 'undici';
import { FetchError } from '../../src/errors/fetch-error.js';
import type { FetchOptions } from '../../src/fetcher/fetch-feed.js';

/** Options generous enough that only the limit a test lowers can trip. */
export function testOptions(dispatcher: Agent, overrides: Partial<FetchOptions> = {}): FetchOptions {
  return {
    timeoutMs: 10_000,
    connectTimeoutMs: 5_000,
    maxBodyBytes: 1024 * 1024,
    maxRedirects: 5,
    userAgent: 'Tributary-test/1.0 (+https://example.org/tributary)',
    dispatcher,
    ...overrides,
  };
}

/** The FetchError a promise rejects with; fails the test if it resolves or throws something else. */
export async function fetchErrorOf(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FetchError) return error;
    throw new Error(`expected a FetchError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a FetchError, but the fetch succeeded');
}

export const RSS = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test feed</title><link>https://example.org/</link>
<item><title>First</title><guid>https://example.org/1</guid></item></channel></rss>
`;
