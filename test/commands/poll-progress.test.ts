import { spawn, spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rssFeed } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { CLI, runCli } from '../helpers/run-cli.js';
import { createWorkspace, testConfig, type Workspace } from '../helpers/temp-workspace.js';

/** `script` (util-linux, Debian package bsdutils) runs a command on a pseudo-terminal, as a person would. */
const SCRIPT_MISSING = 'script not found: apt-get install bsdutils';
const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasScript && !process.env.CI) console.warn(`poll progress bar on a terminal: test skipped: ${SCRIPT_MISSING}`);

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/** Runs the built CLI on a pseudo-terminal and collects what the terminal showed. */
function runOnTerminal(args: string[]): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('tributary poll progress', () => {
  let server: FeedServer;
  let work: Workspace;
  let args: string[];

  beforeEach(async () => {
    server = await FeedServer.start({
      '/a.rss': { body: rssFeed('A', [{ title: 'One', guid: '1', date: '2025-12-01T10:00:00Z' }]) },
      '/b.rss': { body: rssFeed('B', [{ title: 'Two', guid: '2', date: '2025-12-02T10:00:00Z' }]) },
    });
    work = await createWorkspace();
    await work.writeConfig(
      testConfig([
        { key: 'a', url: server.url('/a.rss') },
        { key: 'b', url: server.url('/b.rss') },
      ]),
    );
    args = ['poll', '--config', work.configFile, '--store', work.storeUri, '--out', work.outDir];
  });

  afterEach(async () => {
    await server.close();
  });

  it('prints plain JSON log lines and no bar when stderr is not a terminal', async () => {
    const result = await runCli(args);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('\r');
    expect(result.stderr).not.toMatch(/\[[#-]+\] \d+\/\d+ sources/);
    const polled = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; source_key?: string })
      .filter((line) => line.msg === 'polled');
    expect(polled.map((line) => line.source_key).sort()).toEqual(['a', 'b']);
  });

  if (hasScript || process.env.CI) {
    it('draws a bar that fills as sources finish on a terminal, then clears it for the summary', async () => {
      if (!hasScript) throw new Error(SCRIPT_MISSING);
      const { code, output } = await runOnTerminal(args);
      expect(code).toBe(0);
      expect(output).toContain('\r\x1b[K[--------------------] 0/2 sources');
      expect(output).toContain('\r\x1b[K[##########----------] 1/2 sources');
      expect(output).toContain('\r\x1b[K[####################] 2/2 sources');
      // The bar is cleared before the summary, so the summary starts its own clean line.
      expect(output).toMatch(/\r\x1b\[K(\r?\n)?polled 2 sources: 2 changed/);
    });
  }
});
