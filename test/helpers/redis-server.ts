import { describe, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_MISSING = 'redis-server not found: apt-get install redis-server';

/** Whether `redis-server` is on PATH. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * A throwaway redis-server on 127.0.0.1 and a free port, its own temp dir; no persistence unless
 * `persist` (then an append-only file synced on every write, so `halt` and `resume` lose nothing).
 * `start` resolves once the server logs that it is ready and answers PING.
 */
export class RedisServer {
  private paused = false;

  private constructor(
    readonly port: number,
    private child: ChildProcess,
    private readonly dir: string,
    private readonly persist: boolean,
  ) {}

  static async start(options: { persist?: boolean } = {}): Promise<RedisServer> {
    const port = await freePort();
    const dir = await mkdtemp(join(tmpdir(), 'tributary-redis-'));
    const persist = options.persist ?? false;
    const server = new RedisServer(port, await spawnRedis(port, dir, persist), dir, persist);
    const pong = await server.command('PING');
    if (pong !== '+PONG') throw new Error(`redis-server on port ${port} answered PING with ${pong}`);
    return server;
  }

  get uri(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Sends one command and resolves with the first line of the reply (`+OK`, `+PONG`, `-ERR …`). */
  command(...args: string[]): Promise<string> {
    const request = `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port: this.port }, () => socket.write(request));
      let reply = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        reply += chunk;
        const end = reply.indexOf('\r\n');
        if (end === -1) return;
        socket.end();
        resolve(reply.slice(0, end));
      });
      socket.on('error', reject);
    });
  }

  async flushAll(): Promise<void> {
    const reply = await this.command('FLUSHALL');
    if (reply !== '+OK') throw new Error(`FLUSHALL answered ${reply}`);
  }

  /**
   * Pauses the server process (SIGSTOP), as a starved machine does: its connections stay open and
   * nothing is answered, not even a QUIT. `unpause` (or `halt`, `stop`) lets it go on.
   */
  pause(): void {
    this.child.kill('SIGSTOP');
    this.paused = true;
  }

  /** Lets a paused server go on (SIGCONT). Safe to call when it is not paused. */
  unpause(): void {
    if (this.paused && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGCONT');
    this.paused = false;
  }

  /** Stops the server process (SIGTERM), keeping its data folder for `resume`. Safe to call twice, or paused. */
  async halt(): Promise<void> {
    // A stopped process handles SIGTERM only once it runs again.
    this.unpause();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGTERM');
      await exited;
    }
  }

  /** Starts the server again on the same port and folder (with `persist`, with the same data). */
  async resume(): Promise<void> {
    this.child = await spawnRedis(this.port, this.dir, this.persist);
  }

  /** Stops the server (SIGTERM) and waits for it to exit. Safe to call twice. */
  async stop(): Promise<void> {
    await this.halt();
    await rm(this.dir, { recursive: true, force: true });
  }
}

async function spawnRedis(port: number, dir: string, persist: boolean): Promise<ChildProcess> {
  const persistence = persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitUntilReady(child);
  return child;
}

function waitUntilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const onData = (chunk: Buffer): void => {
      log += chunk.toString('utf8');
      if (log.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        child.off('exit', onExit);
        // Keep draining its output so a full pipe never blocks the server.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve();
      }
    };
    const onExit = (code: number | null): void => reject(new Error(`redis-server exited (${code}) before it was ready:\n${log}`));
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', reject);
  });
}

/** A port nothing listens on right now (the OS picks it; the server binds it a moment later). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * `describe` for tests that need a real redis-server: where it is missing they fail in CI (`CI`
 * set), naming the package to install, and skip with that notice elsewhere.
 */
export function describeWithRedis(title: string, body: () => void): void {
  const available = hasRedisServer();
  if (!available && process.env.CI) {
    describe(title, () => {
      it('needs redis-server in CI', () => {
        throw new Error(REDIS_MISSING);
      });
    });
    return;
  }
  // Where it is missing the suite is registered skipped, the reason in its title and on the console:
  // a file that registered nothing would fail as "no test suite found".
  if (!available) console.warn(`${title}: ${REDIS_MISSING}`);
  describe.skipIf(!available)(available ? title : `${title} (skipped: ${REDIS_MISSING})`, body);
}
