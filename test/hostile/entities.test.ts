import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, HostileHarness } from './hostile-harness.js';
import { tempDir } from '../helpers/temp-workspace.js';

/** Generous: a parse of a few kilobytes may take some, an expansion would take gigabytes. */
const MEMORY_BOUND_MB = 300;

describe('hostile entities', () => {
  let harness: HostileHarness;
  let secretFile: string;
  const SECRET_MARKER = 'file-contents-must-never-be-read-4f2a';
  beforeAll(async () => {
    harness = await HostileHarness.start();
    const dir = await tempDir('tributary-xxe-');
    secretFile = join(dir, 'secret.txt');
    await writeFile(secretFile, SECRET_MARKER);
    harness.server.route('/evil.dtd', { status: 200, headers: { 'content-type': 'application/xml-dtd' }, body: `<!ENTITY exfil "${SECRET_MARKER}">` });
    harness.server.route('/remote-entity', { status: 200, headers: { 'content-type': 'text/plain' }, body: SECRET_MARKER });
  });
  afterAll(async () => {
    await harness.close();
  });

  const withUrls = (text: string): string =>
    text.replaceAll('__FILE_URL__', pathToFileURL(secretFile).href).replaceAll('__HTTP_URL__', harness.server.url('/remote-entity')).replaceAll('__DTD_URL__', harness.server.url('/evil.dtd'));

  it('does not expand billion laughs: the references stay as text, memory stays bounded', async () => {
    const run = await harness.run('laughs', { body: await fixture('billion-laughs.xml') });
    expect(run.outcome.status).toBe('changed');
    expect(run.items.map((item) => item.title)).toEqual(['Laugh &lol9;']);
    expect(run.peakRssGrowthMb).toBeLessThan(MEMORY_BOUND_MB);
    expect(JSON.stringify(run.items)).not.toContain('lollol');
  });

  const quadratic = (entityLength: number): string =>
    `<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "${'a'.repeat(entityLength)}">]>\n<rss version="2.0"><channel><title>Quadratic</title><link>https://q.example/</link><description>q</description><item><title>Q</title><guid>q-1</guid><description>${'&a;'.repeat(100_000)}</description></item></channel></rss>`;

  it('does not expand a quadratic blow-up (a 50 kB entity referenced 100,000 times)', async () => {
    const run = await harness.run('quadratic', { body: quadratic(50_000) });
    expect(run.outcome).toMatchObject({ status: 'changed', added: 1 });
    expect(run.items[0]!.description).toMatch(/^(&a;)+[&a;]*…$/);
    expect(run.peakRssGrowthMb).toBeLessThan(MEMORY_BOUND_MB);
    expect(JSON.stringify(run.items)).not.toContain('aaaa');
  });

  it('refuses a document whose DOCTYPE runs past 64 KiB: a logged parse error', async () => {
    const run = await harness.run('huge-doctype', { body: quadratic(100_000) });
    expect(run.outcome).toMatchObject({ status: 'failed', errorKind: 'parse' });
    expect(harness.failureLogged('huge-doctype')).toContain('not XML or JSON');
    expect(run.peakRssGrowthMb).toBeLessThan(MEMORY_BOUND_MB);
  });

  it('reads no file and makes no request for external entities in RSS (file://, http://, a parameter entity)', async () => {
    const run = await harness.run('xxe', { body: withUrls(await fixture('xxe.xml')) });
    expect(run.outcome.status).toBe('changed');
    expect(run.items.map((item) => [item.title, item.description])).toEqual([['File: &file;', 'Remote: &remote; Parameter: &exfil;']]);
    expect(JSON.stringify(run.items)).not.toContain(SECRET_MARKER);
    expect(harness.server.requestsTo('/evil.dtd') + harness.server.requestsTo('/remote-entity')).toBe(0);
  });

  it('reads no file and makes no request for external entities or an external DTD in Atom', async () => {
    const run = await harness.run('xxe-atom', { body: withUrls(await fixture('xxe-atom.xml')) });
    expect(run.outcome.status).toBe('changed');
    expect(run.items.map((item) => item.title)).toEqual(['File: &file;']);
    expect(JSON.stringify(run.items)).not.toContain(SECRET_MARKER);
    expect(harness.server.requestsTo('/evil.dtd')).toBe(0);
  });
});
