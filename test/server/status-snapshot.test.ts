import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { initialFetchState, type FetchState } from '../../src/model/fetch-state.js';
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
    });
  });
});
