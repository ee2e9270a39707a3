import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { PublishLoop } from '../../src/daemon/publish-loop.js';
import type { Publisher } from '../../src/publisher/publisher.js';
import { DaemonMetrics } from '../../src/server/daemon-metrics.js';
import { OutputCache } from '../../src/server/output-cache.js';

/*
 * A publish that cannot write (a read-only volume, a full disk) right after a restart: the files of
 * the run before are on disk, the served cache is empty. Real files and cache; the publisher fails
 * as the file system would make it fail.
 */
describe('a publish that fails at start', () => {
  let dir: string;
  let agent: Agent;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-publish-failure-'));
    agent = new Agent();
  });
  afterEach(async () => {
    await agent.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the files the run before wrote', async () => {
    const outDir = join(dir, 'feeds');
    await mkdir(outDir);
    await writeFile(join(outDir, 'all.atom'), '<feed xmlns="http://www.w3.org/2005/Atom"><title>Before</title></feed>');
    await writeFile(join(outDir, 'all.json'), '{"version":"https://jsonfeed.org/version/1.1","title":"Before","items":[]}');
    const config = parseConfig('feeds.json', JSON.stringify({ output: { title: 'All', id: 'urn:t', dir: outDir }, sources: [{ key: 'a', name: 'a', url: 'https://a.example/feed' }] }));
    const failing = {
      publish: async () => {
        throw Object.assign(new Error(`EACCES: permission denied, open '${join(outDir, '.all.atom.1.tmp')}'`), { code: 'EACCES' });
      },
    } as unknown as Publisher;
    const outputs = new OutputCache();
    const loop = new PublishLoop({
      publisher: () => failing,
      config: () => config,
      outputs,
      outDir,
      metrics: new DaemonMetrics({ sourceStates: () => new Map(), storedItems: async () => 0 }),
      agent,
      logger: pino({ level: 'silent' }),
      now: () => new Date(),
      delayMs: 1000,
      writes: () => true,
    });

    await loop.now({ loadAll: true });

    expect(outputs.get('all.atom')?.body.toString()).toContain('<title>Before</title>');
    expect(outputs.get('all.json')?.body.toString()).toContain('"title":"Before"');
    expect(outputs.has('all.rss')).toBe(false);
  });
});
