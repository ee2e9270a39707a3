import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createRedactingLogger } from '../../src/log-redaction.js';

/** A pino logger with Tributary's redaction, writing JSON lines into an array. */
function redactingLogger(): { logger: pino.Logger; output: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { logger: createRedactingLogger(pino, {}, stream), output: () => lines.join('') };
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

  it('redacts URL fields and drops secret ones at any depth, in arrays, in any case and in a child logger', () => {
    const { logger, output } = redactingLogger();
    logger.child({ source_key: 'news', token: 't0k3n-b0und' }).warn(
      {
        source: { key: 'news', url: 'https://ann:hunter2@a.example/feed' },
        polls: [{ outcome: 'failed', location: 'https://b.example/?token=t0k3n' }],
        deep: { a: { b: { c: { Cookie: 'sid=s3ss', password: 'pw0rd' } } } },
        Authorization: 'Bearer b34rer',
      },
      'x',
    );
    const line = JSON.parse(output()) as { source: { url: string }; polls: Array<{ location: string }>; deep: { a: { b: { c: Record<string, string> } } }; Authorization: string };
    expect(line.source.url).toBe('https://ann:***@a.example/feed');
    expect(line.polls[0]?.location).toBe('https://b.example/?token=***');
    expect(line.deep.a.b.c).toEqual({ Cookie: '[redacted]', password: '[redacted]' });
    expect(line.Authorization).toBe('[redacted]');
    expect(output()).not.toMatch(/t0k3n|hunter2|s3ss|pw0rd|b34rer/);
  });

  it('writes an error with its message and stack, its URL redacted, under err and under any other key', () => {
    const { logger, output } = redactingLogger();
    const error = () => Object.assign(new Error('fetch failed'), { url: 'https://ann:hunter2@a.example/feed', sourceKey: 'news' });
    logger.error({ err: error(), cause: { failure: error() } }, 'failed');
    const line = JSON.parse(output()) as { err: Record<string, string>; cause: { failure: Record<string, string> } };
    for (const written of [line.err, line.cause.failure]) {
      expect(written).toMatchObject({ type: 'Error', message: 'fetch failed', url: 'https://ann:***@a.example/feed', sourceKey: 'news' });
      expect(written.stack).toContain('fetch failed');
    }
    expect(output()).not.toContain('hunter2');
  });

  it('leaves everything else as pino writes it, and the object logged as it was', () => {
    const { logger, output } = redactingLogger();
    const logged = {
      status: 200,
      duration_ms: 12,
      at: new Date('2026-01-02T03:04:05Z'),
      state: { url: 'https://ann:hunter2@a.example/feed', etag: '"v1"', items: [1, 2] },
      title: 'Bitcoin ETF inflows https://x.example/?token=shown-in-a-title',
    };
    const before = structuredClone(logged);
    logger.info(logged, 'polled');
    expect(logged).toEqual(before);
    expect(JSON.parse(output())).toMatchObject({
      status: 200,
      duration_ms: 12,
      at: '2026-01-02T03:04:05.000Z',
      state: { url: 'https://ann:***@a.example/feed', etag: '"v1"', items: [1, 2] },
      title: 'Bitcoin ETF inflows https://x.example/?token=shown-in-a-title',
      msg: 'polled',
    });
  });

  it('redacts what a toJSON writes, URL objects, and lists of URLs', () => {
    const { logger, output } = redactingLogger();
    class Shaped {
      toJSON() {
        return { token: 't0k3n', url: 'https://ann:hunter2@a.example/' };
      }
    }
    logger.info({ shaped: new Shaped(), url: new URL('https://ann:pw0rd@b.example/feed'), hub: ['https://ann:s3cret@c.example/'], at: new Date(0) }, 'x');
    expect(output()).not.toMatch(/t0k3n|hunter2|pw0rd|s3cret/);
    expect(JSON.parse(output())).toMatchObject({ url: 'https://ann:***@b.example/feed', hub: ['https://ann:***@c.example/'], at: '1970-01-01T00:00:00.000Z' });
  });

  it('ends at a toJSON that gives another object with a toJSON each time', () => {
    const { logger, output } = redactingLogger();
    class Endless {
      toJSON(): unknown {
        return new Endless();
      }
    }
    logger.info({ endless: new Endless() }, 'x');
    expect(JSON.parse(output())).toMatchObject({ endless: {}, msg: 'x' });
  });

  it("redacts a child logger's bindings at any depth, and its children's", () => {
    const { logger, output } = redactingLogger();
    logger
      .child({ source: { headers: { authorization: 'Bearer b34rer' }, url: 'https://ann:hunter2@a.example/' }, Authorization: 'Bearer 0ther' })
      .child({ nested: { cookie: 'sid=s3ss' } })
      .info('x');
    expect(output()).not.toMatch(/b34rer|hunter2|0ther|s3ss/);
    expect(JSON.parse(output())).toMatchObject({ source: { headers: '[redacted]', url: 'https://ann:***@a.example/' }, Authorization: '[redacted]', nested: { cookie: '[redacted]' } });
  });

  it('redacts objects written into the message (%j, %o)', () => {
    const { logger, output } = redactingLogger();
    logger.info('state %j and %o', { a: { token: 't0k3n' } }, { url: 'https://ann:hunter2@a.example/' });
    logger.info({ n: 1 }, 'state %j', { a: { password: 'pw0rd' } });
    expect(output()).not.toMatch(/t0k3n|hunter2|pw0rd/);
  });

  it('writes what pino writes for a frozen error and for an array logged as err', () => {
    const { logger, output } = redactingLogger();
    logger.warn({ error: Object.freeze(Object.assign(new Error('frozen'), { url: 'https://ann:hunter2@a.example/' })) }, 'x');
    logger.error({ err: ['a', { token: 't0k3n' }] }, 'y');
    const [first, second] = output()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first?.error).toMatchObject({ message: 'frozen', url: 'https://ann:***@a.example/' });
    expect(second?.err).toEqual(['a', { token: '[redacted]' }]);
  });
});
