import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { lazyLogger } from '../../src/log.js';

/** The poll command's root logger: pino is made only when something is logged. */
describe('lazyLogger', () => {
  const capture = (level: string) => {
    const lines: Array<Record<string, unknown>> = [];
    const make = vi.fn(() => pino({ level, base: undefined, timestamp: false }, { write: (line: string) => lines.push(JSON.parse(line)) }));
    return { lines, make, logger: lazyLogger(level, make) };
  };

  it('answers isLevelEnabled as pino would, without making the logger', () => {
    const { logger, make } = capture('info');
    const real = pino({ level: 'info' });
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'verbose']) {
      expect(logger.isLevelEnabled(level), level).toBe(real.isLevelEnabled(level));
    }
    expect(make).not.toHaveBeenCalled();
  });

  it('makes the logger once, at first use, and logs what it logs (children too)', () => {
    const { logger, make, lines } = capture('info');
    logger.debug('not logged');
    logger.info({ n: 1 }, 'first');
    logger.child({ source_key: 'wire' }).warn('second');
    expect(make).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([
      { level: 30, n: 1, msg: 'first' },
      { level: 40, source_key: 'wire', msg: 'second' },
    ]);
    expect(logger.level).toBe('info');
  });

  it('makes a logger with a level pino does not know at once, so pino refuses it where it always did', () => {
    expect(() => lazyLogger('loud', () => pino({ level: 'loud' }))).toThrow(/default level:loud/i);
  });
});
