import type { IncomingMessage } from 'node:http';
import { FeedServer } from './feed-server.js';

/** What a hub that fetches each topic when pinged got: the body, or the error that stopped it. */
export interface HubFetch {
  topic: string;
  body?: string;
  error?: string;
}

/**
 * A WebSub hub that records the publish pings it gets, answering each with the next status given.
 * With `fetchTopics`, it fetches each topic as it is pinged, as real hubs do, and records what it got.
 */
export async function startHubStub(
  statuses: number[] = [],
  options: { fetchTopics?: boolean } = {},
): Promise<{ server: FeedServer; url: string; pings: Array<Record<string, string>>; fetches: HubFetch[] }> {
  const pings: Array<Record<string, string>> = [];
  const fetches: HubFetch[] = [];
  const server = await FeedServer.start({
    '/hub': async (req, res) => {
      const body = await readBody(req);
      const ping = Object.fromEntries(new URLSearchParams(body));
      pings.push({ ...ping, 'content-type': req.headers['content-type'] ?? '' });
      res.writeHead(statuses.shift() ?? 204).end();
      const topic = ping['hub.url'];
      if (options.fetchTopics && topic !== undefined) {
        await fetch(topic)
          .then(async (response) => fetches.push({ topic, body: await response.text() }))
          .catch((error: unknown) => fetches.push({ topic, error: String((error as { cause?: unknown }).cause ?? error) }));
      }
    },
  });
  return { server, url: server.url('/hub'), pings, fetches };
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}
