import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a route answers. A function gets the request and answers it itself (for slow, endless, 304, …). */
export type Route = { status?: number; headers?: Record<string, string>; body: string | Buffer } | ((req: IncomingMessage, res: ServerResponse) => void | Promise<void>);

/**
 * A real HTTP server on 127.0.0.1 and a free port, serving feeds written for the tests.
 * Routes can be replaced between polls to play a feed that changes.
 */
export class FeedServer {
  readonly requests: Array<{ method: string; path: string; headers: IncomingMessage['headers'] }> = [];
  private readonly routes = new Map<string, Route>();
  private server: Server | undefined;
  private port = 0;

  static async start(routes: Record<string, Route> = {}): Promise<FeedServer> {
    const feedServer = new FeedServer();
    for (const [path, route] of Object.entries(routes)) feedServer.route(path, route);
    await feedServer.listen();
    return feedServer;
  }

  route(path: string, route: Route): this {
    this.routes.set(path, route);
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  requestsTo(path: string): number {
    return this.requests.filter((request) => request.path === path).length;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    this.requests.push({ method: req.method ?? 'GET', path, headers: req.headers });
    const route = this.routes.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    try {
      if (typeof route === 'function') {
        await route(req, res);
        return;
      }
      res.writeHead(route.status ?? 200, { 'content-type': 'application/rss+xml; charset=utf-8', ...route.headers });
      res.end(route.body);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    }
  }
}
