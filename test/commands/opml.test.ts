import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { corpusRoot } from '../corpus/corpus-files.js';
import { assertWellFormed } from '../helpers/feed-xml.js';
import { runCli } from '../helpers/run-cli.js';
import { createWorkspace, type Workspace } from '../helpers/temp-workspace.js';

const READER_EXPORT = 'test/fixtures/opml/reader-export.opml';
const NEWSBOAT_EXAMPLE = join(corpusRoot, 'newsboat/test/data/example.opml');
const RSPARSER_SUBS = join(corpusRoot, 'rsparser/Tests/RSParserTests/Resources/Subs.opml');
const EMPTY_CONFIG = { output: { title: 'Imported', id: 'urn:tributary:imported' }, sources: [] };

for (const file of [NEWSBOAT_EXAMPLE, RSPARSER_SUBS]) {
  if (!existsSync(file)) console.warn(`OPML corpus test skipped: ${file} not found`);
}

describe('tributary import-opml', () => {
  let work: Workspace;

  beforeEach(async () => {
    work = await createWorkspace();
    await work.writeConfig({
      ...EMPTY_CONFIG,
      sources: [{ key: 'coindesk', name: 'CoinDesk', url: 'https://www.coindesk.com/arc/outboundfeeds/rss', category: 'crypto' }],
    });
  });

  const importOpml = (file: string, ...args: string[]) => runCli(['import-opml', file, '--config', work.configFile, ...args]);
  const sources = async () => parseConfig(work.configFile, await readFile(work.configFile, 'utf8')).sources;

  it('adds each new subscription with its folder as category, and reports what it added and skipped', async () => {
    const result = await importOpml(READER_EXPORT);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((await sources()).map(({ key, category, tags }) => [key, category, tags])).toEqual([
      ['coindesk', 'crypto', []],
      ['decrypt-news', 'Crypto', []],
      ['ledger-notes', 'Markets', []],
      ['model-notes', 'AI', ['research', 'ml']],
      ['spaced-out', undefined, []],
    ]);
    expect(result.stdout).toContain(`added 4 of 7 subscriptions to ${work.configFile}`);
    expect(result.stdout).toContain('  + ledger-notes  Ledger Notes  https://ledger.example/atom.xml  [Markets]');
    expect(result.stdout).toContain('skipped 3:');
    expect(result.stdout).toContain('  - https://www.coindesk.com/arc/outboundfeeds/rss (CoinDesk): already in the config as "coindesk"');
    expect(result.stdout).toContain('  - gopher://old.example/feed (Gopher): not an http(s) URL');
  });

  it('adds nothing when run a second time: every URL is then already there', async () => {
    await importOpml(READER_EXPORT);
    const before = await readFile(work.configFile, 'utf8');
    const again = await importOpml(READER_EXPORT);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('added 0 of 7 subscriptions');
    expect(await readFile(work.configFile, 'utf8')).toBe(before);
  });

  it('writes nothing with --dry-run', async () => {
    const before = await readFile(work.configFile, 'utf8');
    const result = await importOpml(READER_EXPORT, '--dry-run');
    expect(result.stdout).toContain('would add 4 of 7 subscriptions');
    expect(result.stdout).toContain('(dry run, nothing written)');
    expect(await readFile(work.configFile, 'utf8')).toBe(before);
  });

  it('exits 1 on a file that is not OPML, and writes nothing', async () => {
    const before = await readFile(work.configFile, 'utf8');
    const result = await importOpml('test/fixtures/opml/not-opml.html');
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('test/fixtures/opml/not-opml.html: not OPML: the root element is <html>');
    expect(await readFile(work.configFile, 'utf8')).toBe(before);
  });

  it('exits 1 on a file that does not exist', async () => {
    const result = await importOpml(join(work.dir, 'missing.opml'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('missing.opml: file not found');
  });

  it('writes nothing, says why on one line and exits 2 when the config changed on disk while it ran', async () => {
    // The OPML file is a FIFO: the command has read the config when it opens the FIFO, and waits on it.
    const fifo = join(work.dir, 'subs.opml');
    execFileSync('mkfifo', [fifo]);
    const running = importOpml(fifo);
    const opml = await open(fifo, 'w');
    const edited = JSON.stringify({ ...EMPTY_CONFIG, output: { ...EMPTY_CONFIG.output, title: 'Edited meanwhile' } }, null, 2);
    await writeFile(work.configFile, edited);
    await opml.writeFile('<opml version="2.0"><head/><body><outline text="N" xmlUrl="https://news.example/feed"/></body></opml>');
    await opml.close();
    const result = await running;
    expect(await readFile(work.configFile, 'utf8')).toBe(edited);
    expect(result.stderr).toBe(`${work.configFile}: changed on disk while it was being edited; nothing written, run the command again\n`);
    expect(result.code).toBe(2);
  });

  it.skipIf(!existsSync(NEWSBOAT_EXAMPLE))("imports newsboat's example list with its nested folders", async () => {
    const result = await importOpml(NEWSBOAT_EXAMPLE);
    expect(result.code).toBe(0);
    const added = (await sources()).slice(1);
    expect(added).toHaveLength(7);
    expect(added.map((source) => source.category)).toEqual([undefined, undefined, undefined, undefined, 'Blogs', 'friends', 'eloquent']);
    expect(new Set(added.map((source) => source.key)).size).toBe(7);
  });

  it.skipIf(!existsSync(RSPARSER_SUBS))("imports NetNewsWire's 207 subscriptions, one listed twice, into a config that stays valid", async () => {
    const result = await importOpml(RSPARSER_SUBS);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('added 206 of 207 subscriptions');
    // Listed as http://feed.katiefloyd.com and again with the trailing slash: the same URL.
    expect(result.stdout).toContain('  - http://feed.katiefloyd.com/ (Katie Floyd): listed earlier in the file');
    expect(await sources()).toHaveLength(207);
    expect((await runCli(['check-config', '--config', work.configFile])).code).toBe(0);
  });
});

describe('tributary export-opml', () => {
  let work: Workspace;
  const SOURCES = [
    { key: 'coindesk', name: 'CoinDesk', url: 'https://www.coindesk.com/arc/outboundfeeds/rss', category: 'crypto' },
    { key: 'openai-news', name: 'OpenAI News', url: 'https://openai.com/news/rss.xml', category: 'ai', schedule: '0 * * * *' },
    { key: 'loose', name: 'Tom & Jerry "Weekly"', url: 'https://loose.example/feed?a=1&b=2', tags: ['fun'] },
    { key: 'decrypt', name: 'Decrypt', url: 'https://decrypt.co/feed', category: 'crypto', enabled: false },
  ];

  beforeEach(async () => {
    work = await createWorkspace();
    await work.writeConfig({ output: { title: 'Crypto & AI', id: 'urn:tributary:test' }, sources: SOURCES });
  });

  it("prints a well-formed OPML 2.0 list with the output's title", async () => {
    const result = await runCli(['export-opml', '--config', work.configFile]);
    expect(result.code).toBe(0);
    assertWellFormed(result.stdout);
    expect(result.stdout).toContain('<opml version="2.0"');
    expect(result.stdout).toContain('<title>Crypto &amp; AI</title>');
    expect(result.stdout).toMatch(/<dateCreated>\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT<\/dateCreated>/);
  });

  it('gives back the same sources when its file is imported into an empty config', async () => {
    const out = join(work.dir, 'export.opml');
    const exported = await runCli(['export-opml', '--config', work.configFile, '--out', out]);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain(`wrote 4 sources to ${out}`);

    const empty = join(work.dir, 'empty.json');
    await writeFile(empty, JSON.stringify(EMPTY_CONFIG, null, 2));
    const imported = await runCli(['import-opml', out, '--config', empty]);
    expect(imported.code).toBe(0);
    const original = parseConfig(work.configFile, await readFile(work.configFile, 'utf8')).sources;
    const roundTripped = parseConfig(empty, await readFile(empty, 'utf8')).sources;
    const byKey = <T extends { key: string }>(list: readonly T[]) => [...list].sort((a, b) => a.key.localeCompare(b.key));
    expect(byKey(roundTripped)).toEqual(byKey(original));
  });

  it('exits 2 on an invalid config', async () => {
    await writeFile(work.configFile, '{ "sources": [] }');
    const result = await runCli(['export-opml', '--config', work.configFile]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
  });
});
