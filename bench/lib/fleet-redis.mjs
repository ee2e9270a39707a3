import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createClient } from '@redis/client';
import { processCpuS } from './fleet-process.mjs';

/*
 * A throw-away redis-server (Debian's package, on PATH) for the fleet scenario, started with the
 * settings bench/README.md and the operators' docs ask a fleet's Redis for: AOF persistence
 * flushed every second, no eviction, no RDB snapshots. It lives in `dir` on a free port.
 */

/** A free TCP port on 127.0.0.1 (closed again at once; redis-server takes it right after). */
async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * @typedef {{ uri: string, port: number, pid: number, client: ReturnType<typeof createClient>,
 *   flush: () => Promise<void>, info: (section: string) => Promise<Record<string, string>>,
 *   usedMemoryMb: () => Promise<number>, countKeys: (pattern: string) => Promise<number>,
 *   cpuS: () => number, stop: () => Promise<number | null>, kill: () => void }} BenchRedis
 * @param {{ dir: string }} options
 * @returns {Promise<BenchRedis>}
 */
export async function startRedis(options) {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new Error('redis-server not found on PATH: the fleet scenario needs a real Redis (Debian: `apt-get install redis-server`)');
  }
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    options.dir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--maxmemory-policy',
    'noeviction',
    '--save',
    '',
    '--daemonize',
    'no',
    '--logfile',
    `${options.dir}/redis.log`,
  ];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  const exited = once(child, 'exit');
  const uri = `redis://127.0.0.1:${port}`;
  const client = createClient({ url: uri, socket: { reconnectStrategy: false } });
  client.on('error', () => {});
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode} (log in ${options.dir}/redis.log)`);
    try {
      await client.connect();
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`redis-server did not answer on ${uri} within 15 s: ${error}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** @param {string} section */
  async function info(section) {
    const text = await client.info(section);
    return Object.fromEntries(
      text
        .split(/\r?\n/)
        .filter((line) => line.includes(':') && !line.startsWith('#'))
        .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
    );
  }

  return {
    uri,
    port,
    pid: /** @type {number} */ (child.pid),
    client,
    info,
    /** FLUSHALL, then an AOF rewrite (waited for) so every run starts from the same small AOF. */
    async flush() {
      await client.sendCommand(['FLUSHALL', 'SYNC']);
      for (;;) {
        const persistence = await info('persistence');
        if (persistence.aof_rewrite_in_progress === '0' && persistence.aof_rewrite_scheduled === '0') break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await client.sendCommand(['BGREWRITEAOF']);
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const persistence = await info('persistence');
        if (persistence.aof_rewrite_in_progress === '0' && persistence.aof_rewrite_scheduled === '0') break;
      }
    },
    async usedMemoryMb() {
      return Number((await info('memory')).used_memory) / 2 ** 20;
    },
    /** Keys matching a glob, counted inside Redis (one KEYS call: only between measured runs). */
    async countKeys(pattern) {
      return Number(await client.eval("return #redis.call('KEYS', ARGV[1])", { keys: [], arguments: [pattern] }));
    },
    /** redis-server's user+sys CPU so far, its AOF-rewrite children (waited for) included. */
    cpuS: () => processCpuS(/** @type {number} */ (child.pid), { children: true }),
    async stop() {
      await (typeof client.close === 'function' ? client.close() : client.quit()).catch(() => undefined);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const [code] = await exited;
      clearTimeout(timer);
      return code;
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
