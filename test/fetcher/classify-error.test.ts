import { describe, expect, it } from 'vitest';
import { FetchError } from '../../src/errors/fetch-error.js';
import { classifyError } from '../../src/fetcher/classify-error.js';

const context = { sourceKey: 'blog', url: 'https://feeds.example.org/atom.xml' };

/** An error shaped like the ones Node and undici throw: a message and a code. */
function systemError(code: string, message = `${code} happened`): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifyError', () => {
  it('classifies a DNS failure and names the host', () => {
    const error = classifyError(systemError('EAI_AGAIN'), context);

    expect(error).toMatchObject({ kind: 'dns', sourceKey: 'blog', url: context.url });
    expect(error.message).toBe('blog: could not resolve feeds.example.org (EAI_AGAIN) (https://feeds.example.org/atom.xml)');
  });

  it('finds a refused connection inside an AggregateError from happy-eyeballs connects', () => {
    const aggregate = new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')], 'connect failed');

    expect(classifyError(aggregate, context)).toMatchObject({ kind: 'connection', message: expect.stringContaining('connection refused') });
  });

  it('finds the code on the cause chain', () => {
    const wrapped = new TypeError('fetch failed', { cause: systemError('ECONNRESET') });

    expect(classifyError(wrapped, context)).toMatchObject({ kind: 'connection', message: expect.stringContaining('connection reset') });
  });

  it('classifies undici socket errors as connection', () => {
    expect(classifyError(systemError('UND_ERR_SOCKET', 'other side closed'), context).kind).toBe('connection');
  });

  it('classifies undici connect, headers and body timeouts as timeout', () => {
    for (const code of ['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']) {
      expect(classifyError(systemError(code), context).kind, code).toBe('timeout');
    }
  });

  it('classifies certificate and TLS protocol errors as tls', () => {
    for (const code of ['CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_WRONG_VERSION_NUMBER']) {
      expect(classifyError(systemError(code), context).kind, code).toBe('tls');
    }
    expect(classifyError(systemError('EPROTO', 'SSL routines::unsupported protocol'), context).kind).toBe('tls');
  });

  it('keeps anything else as unknown with its own message and the original as cause', () => {
    const original = new RangeError('something odd');

    const error = classifyError(original, context);

    expect(error).toMatchObject({ kind: 'unknown', code: 'FETCH_UNKNOWN' });
    expect(error.message).toContain('something odd');
    expect(error.cause).toBe(original);
  });

  it('passes a FetchError through unchanged', () => {
    const already = new FetchError('gone', 'blog', context.url, 'HTTP 410 Gone', { status: 410 });

    expect(classifyError(already, context)).toBe(already);
  });
});
