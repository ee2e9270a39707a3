import { describe, expect, it } from 'vitest';
import { describeSourceState } from '../../src/model/source-status.js';
import { initialFetchState, type FetchState } from '../../src/model/fetch-state.js';

const NOW = new Date('2025-12-16T12:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();
const URL = 'https://news.example/feed';
const polled = (fields: Partial<FetchState> = {}): FetchState => ({
  ...initialFetchState('news', URL),
  lastAttemptAt: at(-5),
  lastSuccessAt: at(-5),
  lastStatus: 200,
  itemsSeen: 12,
  ...fields,
});
const failure = (fields: Partial<FetchState> = {}): FetchState =>
  polled({
    lastSuccessAt: at(-60),
    consecutiveErrors: 2,
    lastError: { kind: 'http', message: `news: HTTP 500 Internal Server Error (${URL})`, reason: 'HTTP 500 Internal Server Error', code: 'FETCH_HTTP', at: at(-5) },
    ...fields,
  });

describe('the state of a source', () => {
  it('is ok after a good poll', () => {
    expect(describeSourceState(polled(), NOW)).toEqual({ state: 'ok' });
  });

  it('is ok, with the earliest next poll, while a feed hint holds it back', () => {
    expect(describeSourceState(polled({ nextAttemptAt: at(40) }), NOW)).toEqual({ state: 'ok', notBefore: at(40) });
  });

  it('is never polled without a saved state, or with one for another URL', () => {
    expect(describeSourceState(undefined, NOW)).toEqual({ state: 'never polled' });
    expect(describeSourceState(polled(), NOW, { url: 'https://elsewhere.example/feed' })).toEqual({ state: 'never polled' });
  });

  it('is read from a state saved with the URL redacted, or verbatim by an older version', () => {
    const configured = 'https://ann:s3cret@news.example/feed?token=t0ken';
    const redacted = polled({ url: 'https://ann:***@news.example/feed?token=***' });
    expect(describeSourceState(redacted, NOW, { url: configured })).toEqual({ state: 'ok' });
    expect(describeSourceState(polled({ url: configured }), NOW, { url: configured })).toEqual({ state: 'ok' });
    expect(describeSourceState(redacted, NOW, { url: 'https://ann:s3cret@news.example/other?token=t0ken' })).toEqual({ state: 'never polled' });
  });

  it('is backing off while a failing source waits out its backoff, with the error without key and URL', () => {
    expect(describeSourceState(failure({ nextAttemptAt: at(3) }), NOW)).toEqual({
      state: 'backing off',
      detail: 'HTTP 500 Internal Server Error',
      notBefore: at(3),
    });
  });

  it('is failing once a failing source is due again', () => {
    expect(describeSourceState(failure({ nextAttemptAt: at(-1) }), NOW)).toEqual({ state: 'failing', detail: 'HTTP 500 Internal Server Error' });
  });

  it('shows the whole message of an error an older version saved without its reason', () => {
    const older = failure({ nextAttemptAt: at(-1), lastError: { kind: 'http', message: `news: HTTP 500 Internal Server Error (${URL})`, at: at(-5) } });
    expect(describeSourceState(older, NOW)).toEqual({ state: 'failing', detail: `news: HTTP 500 Internal Server Error (${URL})` });
  });

  it('is backing off while a 429 asks it to wait, though no failure was counted', () => {
    const limited = polled({ consecutiveErrors: 0, nextAttemptAt: at(10), lastError: { kind: 'http', message: 'news: HTTP 429 Too Many Requests', at: at(-1) } });
    expect(describeSourceState(limited, NOW).state).toBe('backing off');
  });

  it('is moved when it answers from the target of a permanent redirect', () => {
    expect(describeSourceState(polled({ movedTo: 'https://news.example/v2/feed' }), NOW)).toEqual({
      state: 'moved',
      detail: 'moved to https://news.example/v2/feed',
    });
  });

  it('is failing rather than moved when the moved source fails too', () => {
    expect(describeSourceState(failure({ movedTo: 'https://news.example/v2/feed' }), NOW).state).toBe('failing');
  });

  it('is recovered while its last document was ill-formed XML read by the lenient pass, and says what was wrong', () => {
    expect(describeSourceState(polled({ recoveredFrom: 'ill-formed XML: Unclosed root tag at line 9, column 3' }), NOW)).toEqual({
      state: 'recovered',
      detail: 'recovered from ill-formed XML: Unclosed root tag at line 9, column 3',
    });
  });

  it('is failing rather than recovered when the source fails, and moved rather than recovered when it moved', () => {
    expect(describeSourceState(failure({ recoveredFrom: 'ill-formed XML: Unclosed root tag at line 9, column 3' }), NOW).state).toBe('failing');
    expect(describeSourceState(polled({ movedTo: 'https://news.example/v2/feed', recoveredFrom: 'x' }), NOW).state).toBe('moved');
  });

  it('is disabled when a 410 Gone disabled it', () => {
    const gone = failure({ disabled: { reason: 'HTTP 410 Gone', at: at(-5) } });
    expect(describeSourceState(gone, NOW)).toEqual({ state: 'disabled', detail: 'gone: HTTP 410 Gone' });
  });

  it('is disabled, with the whole message, when an older version disabled it on a 410 Gone', () => {
    const gone = failure({ disabled: { reason: `news: HTTP 410 Gone (${URL})`, at: at(-5) } });
    expect(describeSourceState(gone, NOW)).toEqual({ state: 'disabled', detail: `gone: news: HTTP 410 Gone (${URL})` });
  });

  it('is disabled when the config says so, whatever its state', () => {
    expect(describeSourceState(failure(), NOW, { enabled: false })).toEqual({ state: 'disabled', detail: 'disabled in the config' });
    expect(describeSourceState(undefined, NOW, { enabled: false }).state).toBe('disabled');
  });
});
