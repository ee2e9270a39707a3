import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { warnRestartNeeded } from '../../src/daemon/restart-needed.js';
import { captureLog } from '../helpers/log-capture.js';
import { testConfig } from '../helpers/temp-workspace.js';

const config = (extra: Record<string, unknown> = {}) => parseConfig('feeds.json', JSON.stringify(testConfig([{ key: 'a', url: 'https://a.example/feed' }], extra)), {});

describe('a reload of what only a restart changes', () => {
  it('names each such setting that changed, and nothing when none did', () => {
    const log = captureLog();
    warnRestartNeeded(
      config(),
      config({ fetch: { parseTimeoutMs: 5_000, connectTimeoutMs: 2_000 }, server: { host: '127.0.0.1', port: 0, cacheMaxAgeSeconds: 60 }, output: { title: 'T', id: 'urn:t', dir: 'elsewhere' } }),
      log.logger,
    );
    expect(log.messages()).toEqual([]);
    warnRestartNeeded(
      config(),
      config({
        store: { uri: 'sqlite://other.sqlite', retentionDays: 7 },
        server: { port: 9999 },
        fetch: { parseThreads: 3, parseThreadMemoryMb: 256, connectTimeoutMs: 3_000 },
        cluster: { queue: 'other' },
      }),
      log.logger,
    );
    expect(log.messages()).toEqual([
      'store.uri changed: restart to use the new store (the running one is kept)',
      'store retention changed: restart for the store to keep items that long (the running retention is kept)',
      'server address changed: restart to listen on it (the running server is kept)',
      'fetch.parseThreads changed: restart to start that many parse threads (the running ones are kept)',
      'fetch.parseThreadMemoryMb changed: restart to give the parse threads that heap limit (the running one is kept)',
      'fetch.connectTimeoutMs changed: restart to connect with that time limit (the running one is kept)',
      'cluster settings changed: restart to take them (the running leases and queue are kept)',
    ]);
  });
});
