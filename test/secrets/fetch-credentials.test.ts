import { afterEach, describe, expect, it } from 'vitest';
import { FetchError } from '../../src/errors/index.js';
import { fetchFeed, type FetchOptions } from '../../src/fetcher/index.js';
import { redactUri } from '../../src/model/redact-uri.js';
import { rssFeed } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';

const options: FetchOptions = { timeoutMs: 5000, connectTimeoutMs: 2000, maxBodyBytes: 1024 * 1024, maxRedirects: 5, userAgent: 'test' };
const feed = rssFeed('Private', [{ guid: '1', title: 'One', date: '2026-01-01T00:00:00Z' }]);
const PASSWORD = 'pa55-w0rd-s3cret';
const TOKEN = 'tok-abcdef-s3cret';

async function errorOf(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FetchError) return error;
    throw error;
  }
  throw new Error('the fetch succeeded');
}

describe('fetching a source with credentials', () => {
  const servers: FeedServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const start = async (routes: Parameters<typeof FeedServer.start>[0]): Promise<FeedServer> => {
    const server = await FeedServer.start(routes);
    servers.push(server);
    return server;
  };

  it('sends userinfo in the URL as HTTP Basic, and the URL it hands on has none', async () => {
    const server = await start({ '/feed': { body: feed } });
    const url = server.url('/feed').replace('http://', `http://ann:${PASSWORD}@`);
    const result = await fetchFeed({ sourceKey: 'private', url }, options);
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from(`ann:${PASSWORD}`).toString('base64')}`);
    expect(JSON.stringify({ ...result, text: undefined })).not.toContain(PASSWORD);
  });

  it('decodes percent-escapes in userinfo before encoding it for Basic', async () => {
    const server = await start({ '/feed': { body: feed } });
    await fetchFeed({ sourceKey: 'private', url: server.url('/feed').replace('http://', 'http://a%40b:p%3Aw@') }, options);
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('a@b:p:w').toString('base64')}`);
  });

  it('sends a % that starts no escape as written, and still decodes the escapes beside it', async () => {
    const server = await start({ '/feed': { body: feed } });
    // What `${FEED_PASSWORD}` gives for a password with a bare % in it: the URL parser keeps it as written.
    const url = server.url('/feed').replace('http://', 'http://reader:50%off%21@');
    expect(new URL(url).password).toBe('50%off%21');

    await fetchFeed({ sourceKey: 'private', url }, options);

    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('reader:50%off!').toString('base64')}`);
  });

  it('sends the configured headers, and they win over userinfo', async () => {
    const server = await start({ '/feed': { body: feed } });
    const url = server.url('/feed').replace('http://', `http://ann:${PASSWORD}@`);
    await fetchFeed({ sourceKey: 'private', url, headers: { Authorization: `Bearer ${TOKEN}`, 'X-Api-Key': 'k' } }, options);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.requests[0]?.headers['x-api-key']).toBe('k');
  });

  it('keeps credentials on a redirect within the origin and drops them on one to another origin', async () => {
    const elsewhere = await start({ '/feed': { body: feed } });
    const server = await start({
      '/old': { status: 302, headers: { location: '/hop' }, body: '' },
      '/hop': { status: 302, headers: { location: elsewhere.url('/feed') }, body: '' },
    });
    await fetchFeed({ sourceKey: 'private', url: server.url('/old'), headers: { Authorization: `Bearer ${TOKEN}`, 'X-Api-Key': TOKEN } }, options);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
    expect(elsewhere.requests[0]?.headers.authorization).toBeUndefined();
    expect(elsewhere.requests[0]?.headers['x-api-key']).toBeUndefined();
  });

  it('names the URL without its password in the error of a refused request', async () => {
    const server = await start({ '/feed': { status: 401, body: 'no' } });
    const url = server.url('/feed').replace('http://', `http://ann:${PASSWORD}@`);
    const error = await errorOf(fetchFeed({ sourceKey: 'private', url }, options));
    expect(error.kind).toBe('http');
    expect(`${error.message} ${error.url} ${error.stack}`).not.toContain(PASSWORD);
    expect(error.message).toBe(`private: HTTP 401 Unauthorized (${server.url('/feed')})`);
  });

  it('redacts a secret-named query value in an error, its message and its stack', async () => {
    const server = await start({});
    const url = `${server.url('/missing')}?api_key=${TOKEN}&page=2`;
    const error = await errorOf(fetchFeed({ sourceKey: 'private', url }, options));
    expect(`${error.message} ${error.url} ${error.stack}`).not.toContain(TOKEN);
    expect(error.message).toContain('api_key=***&page=2');
  });

  it('names no password when the host cannot be reached', async () => {
    const error = await errorOf(fetchFeed({ sourceKey: 'private', url: `http://ann:${PASSWORD}@127.0.0.1:1/feed` }, options));
    expect(error.kind).toBe('connection');
    expect(`${error.message} ${error.url} ${error.stack}`).not.toContain(PASSWORD);
  });
});

describe('redactUri', () => {
  it('hides a user name that stands alone, as it is a token', () => {
    expect(redactUri(`https://${TOKEN}@feeds.example/x`)).toBe('https://***@feeds.example/x');
  });

  it('hides the values of query parameters named like credentials and keeps the others', () => {
    expect(redactUri(`https://feeds.example/x?access_token=${TOKEN}&page=2&sig=abc`)).toBe('https://feeds.example/x?access_token=***&page=2&sig=***');
  });
});
