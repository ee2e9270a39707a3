import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { initialFetchState, type FetchState } from '../../src/model/fetch-state.js';
import { recordPoll } from '../../src/model/source-activity.js';
import { buildStatusSnapshot } from '../../src/server/status-snapshot.js';

const NOW = new Date('2026-01-05T12:00:00.000Z');
const config = parseConfig('test', JSON.stringify({ output: { title: 'News', id: 'urn:news' }, sources: [{ key: 'wire', name: 'Wire', url: 'https://wire.example/new-feed' }] }));
const polled = (url: string): FetchState => ({
  ...initialFetchState('wire', url),
  lastAttemptAt: '2026-01-05T11:55:00.000Z',
  lastSuccessAt: '2026-01-05T11:55:00.000Z',
  itemsSeen: 40,
  movedTo: 'https://elsewhere.example/feed',
});

describe('the status snapshot', () => {
  it('shows what the state says of the URL the source has', () => {
    const [source] = buildStatusSnapshot(config, [], new Map([['wire', polled('https://wire.example/new-feed')]]), NOW, '1').sources;
    expect(source).toMatchObject({ state: 'moved', lastSuccessAt: '2026-01-05T11:55:00.000Z', items: 40, movedTo: 'https://elsewhere.example/feed' });
  });

  it('shows nothing of a state saved for the URL the source had before an edit', () => {
    const [source] = buildStatusSnapshot(config, [], new Map([['wire', polled('https://wire.example/old-feed')]]), NOW, '1').sources;
    expect(source).toEqual({
      key: 'wire',
      name: 'Wire',
      url: 'https://wire.example/new-feed',
      state: 'never polled',
      lastSuccessAt: undefined,
      lastError: undefined,
      nextAttemptAt: undefined,
      items: 0,
      movedTo: undefined,
      failingSince: undefined,
      addedPerDay: Array(14).fill(0),
    });
  });

  it('charts only the activity of states about the URLs configured now, and shows how long a source has failed', () => {
    const failing: FetchState = {
      ...polled('https://wire.example/new-feed'),
      movedTo: undefined,
      lastError: { kind: 'http', message: 'wire: HTTP 500 (https://wire.example/new-feed)', reason: 'HTTP 500', at: '2026-01-05T11:55:00.000Z' },
      failingSince: '2026-01-05T09:00:00.000Z',
      activity: recordPoll(undefined, { outcome: 'changed', added: 4, updated: 0 }, new Date('2026-01-05T11:00:00.000Z')),
    };
    const snapshot = buildStatusSnapshot(config, [{ name: 'all', title: 'All' }], new Map([['wire', failing]]), NOW, '1', (name) => [{ title: `newest of ${name}`, source: 'Wire' }]);
    expect(snapshot.sources[0]).toMatchObject({ state: 'failing', failingSince: '2026-01-05T09:00:00.000Z', lastError: 'HTTP 500', addedPerDay: [...Array(13).fill(0), 4] });
    expect(snapshot.hourly.added.at(-2)).toEqual({ uncategorized: 4 });
    expect(snapshot.outputs[0]!.news).toEqual([{ title: 'newest of all', source: 'Wire' }]);
    const stale = buildStatusSnapshot(config, [], new Map([['wire', { ...failing, url: 'https://wire.example/old-feed' }]]), NOW, '1');
    expect(stale.hourly.added.every((hour) => Object.keys(hour).length === 0)).toBe(true);
  });
});
