import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../fixture-server.mjs', import.meta.url));

/**
 * @typedef {{ url: string, feeds: number, items: number, totalBytes: number, formats: Record<string, number>, buildMs: number }} FixtureInfo
 * @typedef {{ info: FixtureInfo, feedUrl: (i: number) => string, control: (path: string, method?: string) => Promise<any>, stop: () => Promise<void> }} Fixture
 */

/**
 * Starts bench/fixture-server.mjs in its own process (so its CPU is never counted as the
 * measured program's) and waits until it has rendered every feed.
 * @param {{ feeds: number, items?: number, seed?: number, gzip?: boolean, latencyMs?: number }} options
 * @returns {Promise<Fixture>}
 */
export async function startFixture(options) {
  const args = [SERVER, '--feeds', String(options.feeds), '--items', String(options.items ?? 40), '--seed', String(options.seed ?? 7)];
  if (options.gzip) args.push('--gzip');
  if (options.latencyMs) args.push('--latency', String(options.latencyMs));
  const child = spawn(process.execPath, ['--max-old-space-size=8192', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  /** @type {FixtureInfo} */
  const info = await new Promise((resolve, reject) => {
    let buffered = '';
    child.once('exit', (code) => reject(new Error(`fixture server exited with ${code}`)));
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline >= 0) resolve(JSON.parse(buffered.slice(0, newline)));
    });
  });
  child.removeAllListeners('exit');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    info,
    feedUrl: (i) => `${info.url}/feeds/${i}.xml`,
    async control(path, method = 'POST') {
      const response = await fetch(`${info.url}/_control/${path}`, { method });
      if (!response.ok) throw new Error(`fixture control ${path}: ${response.status}`);
      return response.json();
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
