import { afterEach, describe, expect, it } from 'vitest';
import { pingHubs } from '../../src/publisher/ping-hubs.js';
import { startHubStub } from '../helpers/hub-stub.js';
import { captureLog } from '../helpers/log-capture.js';

describe('WebSub hub pings', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  it('POSTs hub.mode=publish and hub.url for every topic, form-encoded', async () => {
    const hub = await startHubStub();
    servers.push(hub.server);
    const log = captureLog();
    await pingHubs([hub.url], ['https://news.example/feeds/all.atom', 'https://news.example/feeds/all.rss'], { userAgent: 'test', logger: log.logger });
    expect(hub.pings.map((ping) => ping['hub.url']).sort()).toEqual(['https://news.example/feeds/all.atom', 'https://news.example/feeds/all.rss']);
    expect(hub.pings.every((ping) => ping['hub.mode'] === 'publish' && ping['content-type'] === 'application/x-www-form-urlencoded')).toBe(true);
  });

  it('retries a failing hub with a growing delay until it accepts', async () => {
    const hub = await startHubStub([500, 503, 202]);
    servers.push(hub.server);
    const waits: number[] = [];
    const log = captureLog();
    await pingHubs([hub.url], ['https://news.example/feeds/all.atom'], { userAgent: 'test', logger: log.logger, retryDelayMs: 100, sleep: async (ms) => void waits.push(ms) });
    expect(hub.pings).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
    expect(log.messages().filter((message) => message.startsWith('hub not notified'))).toEqual([]);
  });

  it('gives up after the last attempt and logs it, without throwing', async () => {
    const hub = await startHubStub([500, 500, 500]);
    servers.push(hub.server);
    const log = captureLog();
    await pingHubs([hub.url, 'http://127.0.0.1:9/hub'], ['https://news.example/feeds/all.atom'], { userAgent: 'test', logger: log.logger, sleep: async () => {} });
    expect(hub.pings).toHaveLength(3);
    const warnings = log.lines().filter((line) => line.msg.startsWith('hub not notified'));
    expect(warnings.map((line) => line.hub).sort()).toEqual(['http://127.0.0.1:9/hub', hub.url].sort());
  });
});
