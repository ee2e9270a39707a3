import type { Logger } from 'pino';

/**
 * A warning that repeats while Redis is away (every reconnection attempt fails): logged at once,
 * then at most every `everyMs` with how many were held back, so an outage is a few lines, not a
 * flood. The rest go to debug.
 */
export function outageLog(logger: Logger, message: string, everyMs = 30_000): (error: unknown) => void {
  let lastAt = Number.NEGATIVE_INFINITY;
  let heldBack = 0;
  return (error) => {
    const now = Date.now();
    if (now - lastAt < everyMs) {
      heldBack += 1;
      logger.debug({ err: error }, message);
      return;
    }
    logger.warn({ err: error, ...(heldBack > 0 ? { repeated: heldBack } : {}) }, message);
    lastAt = now;
    heldBack = 0;
  };
}
