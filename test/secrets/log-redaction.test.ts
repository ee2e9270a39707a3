import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LOG_REDACT } from '../../src/log.js';

/** A pino logger with Tributary's redaction, writing JSON lines into an array. */
function redactingLogger(): { logger: pino.Logger; output: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { logger: pino({ redact: LOG_REDACT }, stream), output: () => lines.join('') };
}

describe('log redaction', () => {
  it('redacts the password in a feed_url bound to a child logger, keeping the rest of the URL', () => {
    const { logger, output } = redactingLogger();
    logger.child({ source_key: 'news', feed_url: 'https://ann:hunter2@news.example/feed?api_key=k3y&page=2' }).info('polled');
    const line = JSON.parse(output()) as { feed_url: string };
    expect(line.feed_url).toBe('https://ann:***@news.example/feed?api_key=***&page=2');
  });

  it('redacts URLs under the other keys that hold them (moved_to, url, store, hub)', () => {
    const { logger, output } = redactingLogger();
    logger.warn({ moved_to: 'https://tok3n@a.example/', url: 'https://u:p4ss@b.example/', store: 'redis://:r3dis@c.example:6379', hub: 'https://h.example/?token=t0k' }, 'x');
    expect(output()).not.toMatch(/tok3n|p4ss|r3dis|t0k/);
  });

  it("drops request headers and a source config's headers wherever they are logged", () => {
    const { logger, output } = redactingLogger();
    const error = Object.assign(new Error('boom'), { headers: { authorization: 'Bearer s3cr3t' } });
    logger.error({ err: error, source: { key: 'news', headers: { 'X-Api-Key': 's3cr3t' } }, sources: [{ headers: { Authorization: 's3cr3t' } }], headers: { cookie: 's3cr3t' } }, 'failed');
    expect(output()).not.toContain('s3cr3t');
    expect(output()).toContain('[redacted]');
  });
});
