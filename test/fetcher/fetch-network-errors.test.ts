import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../src/fetcher/create-agent.js';
import { fetchFeed } from '../../src/fetcher/fetch-feed.js';
import { fetchErrorOf, RSS, testOptions } from './fetch-test-options.js';

const fixture = (name: string): Buffer => readFileSync(fileURLToPath(new URL(`../fixtures/fetcher/${name}`, import.meta.url)));

/** A port that was free a moment ago and has nothing listening now. */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('fetchFeed: network failures', () => {
  const agent = createAgent({ connectTimeoutMs: 5_000 });
  const options = testOptions(agent);
  afterAll(async () => {
    await agent.close();
  });

  it('fails with connection when nothing listens on the port', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/feed.xml`;

    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url }, options));

    expect(error.kind).toBe('connection');
    expect(error.message).toContain('connection refused');
    expect(error.cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('fails with dns for a host that cannot resolve', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: 'http://nonexistent.invalid/' }, options));

    expect(error.kind).toBe('dns');
    expect(error.message).toContain('could not resolve nonexistent.invalid');
  });

  it('fails with connection when the server hangs up mid-body', async () => {
    const server = createNetServer((socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 5000\r\n\r\n<rss>');
        socket.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: `http://127.0.0.1:${port}/` }, options));

      expect(error.kind).toBe('connection');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('fails with tls when the certificate is not trusted', async () => {
    const server = createHttpsServer({ key: fixture('self-signed-key.pem'), cert: fixture('self-signed-cert.pem') }, (_req, res) => res.end(RSS));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: `https://localhost:${port}/` }, options));

      expect(error.kind).toBe('tls');
      expect(error.message).toContain('TLS error');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
