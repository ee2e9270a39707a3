import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from 'pino';
import type { OutputCache } from './output-cache.js';
import { serveOutput } from './serve-output.js';

export interface Readiness {
  ready: boolean;
  checks: Record<string, boolean>;
}

export interface HttpServerDeps {
  outputs: OutputCache;
  metrics: { text(): Promise<string>; contentType: string };
  readiness: () => Promise<Readiness>;
  /** The status pages: the overview for a query string, and a source's page (undefined: no such source). */
  pages: { overview(search: string): string; source(key: string): Promise<string | undefined> };
  cacheMaxAgeSeconds: number;
  logger: Logger;
}

/** Output file names the server answers for: nothing else under /feeds/ can be named. */
const OUTPUT_PATH = /^\/feeds\/([a-z0-9-]+\.(?:atom|rss|json))$/;
/** A source's page: the key as the config allows it. */
const SOURCE_PATH = /^\/sources\/([a-z0-9-]+)$/;

// No script on the pages, and the policy says so: escaped or not, nothing on them can run.
const PAGE_HEADERS = {
  'cache-control': 'no-cache',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
};

/**
 * The daemon's HTTP face: the outputs from memory, /healthz, /readyz, /metrics and the status page.
 * Only GET and HEAD. A path is matched whole against fixed routes and a strict file-name pattern
 * looked up in the cache, so no request can reach the file system, whatever its dots or encodings.
 */
export class HttpServer {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly drain: { draining: boolean; sockets: Set<Socket> },
  ) {}

  static async listen(host: string, port: number, deps: HttpServerDeps): Promise<HttpServer> {
    const drain = { draining: false, sockets: new Set<Socket>() };
    const server = createServer((req, res) => {
      if (drain.draining) res.setHeader('connection', 'close');
      handle(req, res, deps).catch((error: unknown) => {
        deps.logger.error({ err: error, path: req.url }, 'request failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('internal error\n');
      });
    });
    server.keepAliveTimeout = 65_000;
    server.on('connection', (socket: Socket) => {
      drain.sockets.add(socket);
      socket.once('close', () => drain.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return new HttpServer(server, `http://${shownHost}:${address.port}`, drain);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /**
   * Drains, then stops accepting connections and closes idle ones; requests in progress finish.
   * Draining: for up to `drainMs`, every answer says `Connection: close`, so keep-alive clients
   * reconnect (under pm2 cluster mode, to an instance that stays). Closing their idle connections
   * at once would race with a request already on its way, which the client sees as a failure.
   */
  async close(drainMs = 1_000): Promise<void> {
    this.drain.draining = true;
    const deadline = Date.now() + drainMs;
    while (this.drain.sockets.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    await closed;
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: HttpServerDeps): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
    return;
  }
  // A request target in absolute form (`GET http://host/feeds/all.atom`, as proxies send) is its path (RFC 9112 §3.2.2).
  const target = (req.url ?? '/').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/';
  const [path = '/', search = ''] = target.split(/\?(.*)/s);
  const file = OUTPUT_PATH.exec(path)?.[1];
  if (file) {
    const output = deps.outputs.get(file);
    if (output) return serveOutput(req, res, output, deps.cacheMaxAgeSeconds);
    return notFound(res);
  }
  const sourceKey = SOURCE_PATH.exec(path)?.[1];
  if (sourceKey) {
    const html = await deps.pages.source(sourceKey);
    return html === undefined ? notFound(res) : send(req, res, 200, 'text/html; charset=utf-8', html, PAGE_HEADERS);
  }
  switch (path) {
    case '/':
      return send(req, res, 200, 'text/html; charset=utf-8', deps.pages.overview(search), PAGE_HEADERS);
    case '/healthz':
      return send(req, res, 200, 'application/json', `${JSON.stringify({ status: 'ok' })}\n`);
    case '/readyz': {
      const readiness = await deps.readiness();
      return send(req, res, readiness.ready ? 200 : 503, 'application/json', `${JSON.stringify(readiness)}\n`, { 'cache-control': 'no-store' });
    }
    case '/metrics':
      return send(req, res, 200, deps.metrics.contentType, await deps.metrics.text(), { 'cache-control': 'no-store' });
    default:
      return notFound(res);
  }
}

function send(req: IncomingMessage, res: ServerResponse, status: number, contentType: string, body: string, extra: Record<string, string> = {}): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(bytes.length), 'x-content-type-options': 'nosniff', ...extra });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
}
