import type { Logger } from 'pino';

/**
 * How long each close on the way out waits for Redis before it is given up. Whatever needs an
 * answer (a QUIT, a lease's release, a command queued while Redis is away) waits without end on a
 * redis-server that is paused (stopped, or starved on a loaded machine: its connections stay
 * open) or gone (a client that queues commands until it is back).
 */
export const CLOSE_TIMEOUT_MS = 2_000;

/** Whether `promise` settled within `ms` (it is left running either way). */
export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const result = await Promise.race([
    promise.then(
      () => true as const,
      () => true as const,
    ),
    timeout,
  ]);
  clearTimeout(timer);
  return result;
}

/**
 * Waits for `closing` (failing counts as done) up to CLOSE_TIMEOUT_MS. Past that, says once what is
 * given up and calls `giveUp` (a disconnect, a force-close), so that what is left running keeps
 * neither the caller nor the process waiting. Whether it closed in time.
 */
export async function closeWithin(closing: Promise<unknown>, options: { givingUp: string; logger: Logger; giveUp?: () => void }): Promise<boolean> {
  const ms = CLOSE_TIMEOUT_MS;
  if (await settleWithin(closing, ms)) return true;
  options.logger.warn({ gave_up: options.givingUp, timeout_ms: ms }, `no answer from Redis within ${ms} ms: gave up ${options.givingUp}`);
  options.giveUp?.();
  return false;
}
