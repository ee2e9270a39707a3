import { request, type Dispatcher } from 'undici';
import type { Logger } from 'pino';

export interface PingOptions {
  dispatcher?: Dispatcher;
  userAgent: string;
  /** Tries per hub and topic. @default 3 */
  attempts?: number;
  /** Wait before the 2nd, 3rd, … try. @default 1000, then doubled */
  retryDelayMs?: number;
  /** Per request. @default 10000 */
  timeoutMs?: number;
  logger: Logger;
  /** Injected for tests. @default setTimeout-based */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * WebSub publisher notification (W3C WebSub §7): tells each hub that each changed topic (an
 * output's self URL) has new content, so subscribers get it pushed instead of polling. A hub that
 * fails is retried with a growing delay, then logged; it never holds up or fails a publish.
 */
export async function pingHubs(hubs: readonly string[], topics: readonly string[], options: PingOptions): Promise<void> {
  await Promise.all(hubs.flatMap((hub) => topics.map((topic) => pingOne(hub, topic, options))));
}

async function pingOne(hub: string, topic: string, options: PingOptions): Promise<void> {
  const attempts = options.attempts ?? 3;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let delay = options.retryDelayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    const problem = await post(hub, topic, options);
    if (problem === undefined) {
      options.logger.debug({ hub, topic, attempt }, 'hub notified');
      return;
    }
    if (attempt >= attempts) {
      options.logger.warn({ hub, topic, attempts }, `hub not notified: ${problem}`);
      return;
    }
    await sleep(delay);
    delay *= 2;
  }
}

/** One POST; the problem as text, or undefined when the hub accepted it (any 2xx). */
async function post(hub: string, topic: string, options: PingOptions): Promise<string | undefined> {
  try {
    const response = await request(hub, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': options.userAgent },
      body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic }).toString(),
      dispatcher: options.dispatcher,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    await response.body.dump();
    return response.statusCode >= 200 && response.statusCode < 300 ? undefined : `HTTP ${response.statusCode}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
