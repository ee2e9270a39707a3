import type { IncomingMessage } from 'node:http';
import { FeedServer } from './feed-server.js';

/** A WebSub hub that records the publish pings it gets, answering each with the next status given. */
export async function startHubStub(statuses: number[] = []): Promise<{ server: FeedServer; url: string; pings: Array<Record<string, string>> }> {
  const pings: Array<Record<string, string>> = [];
  const server = await FeedServer.start({
    '/hub': async (req, res) => {
      const body = await readBody(req);
      pings.push({ ...Object.fromEntries(new URLSearchParams(body)), 'content-type': req.headers['content-type'] ?? '' });
      res.writeHead(statuses.shift() ?? 204).end();
    },
  });
  return { server, url: server.url('/hub'), pings };
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}
