import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgent } from '../../src/fetcher/create-agent.js';
import { fetchFeed } from '../../src/fetcher/fetch-feed.js';
import { fetchErrorOf, RSS, testOptions } from './fetch-test-options.js';

/** A feed server that hangs up, unanswered, on the requests `hangUp` picks (by their number, from 1). */
async function startServer(hangUp: (request: number, socketRequest: number) => boolean) {
  const sockets = new Map<Socket, number>();
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests += 1;
    const onSocket = (sockets.get(req.socket) ?? 0) + 1;
    sockets.set(req.socket, onSocket);
    if (hangUp(requests, onSocket)) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
  return {
    url,
    requests: () => requests,
    sockets: () => sockets.size,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('fetchFeed: a kept-alive connection the server closed', () => {
  const agent = createAgent({ connectTimeoutMs: 5_000 });
  const servers: Array<{ close: () => Promise<void> }> = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  it('sends the GET again on a new connection when the reused one breaks before any answer', async () => {
    // The second request on a kept-alive connection finds it gone: the keep-alive race.
    const server = await startServer((_, onSocket) => onSocket === 2);
    servers.push(server);
    const options = testOptions(agent);

    expect((await fetchFeed({ sourceKey: 'kept-alive', url: server.url }, options)).kind).toBe('fetched');
    // Back in the pool once the first answer has ended.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await fetchFeed({ sourceKey: 'kept-alive', url: server.url }, options);

    expect(second.kind).toBe('fetched');
    expect(server.requests()).toBe(3);
    expect(server.sockets()).toBe(2);
  });

  it('tries twice, no more, against a server that hangs up on every request', async () => {
    const server = await startServer(() => true);
    servers.push(server);

    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'hangs-up', url: server.url }, testOptions(agent)));

    expect(error.kind).toBe('connection');
    expect(server.requests()).toBe(2);
  });
});
