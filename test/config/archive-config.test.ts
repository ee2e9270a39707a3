import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { DEFAULT_ARCHIVE_LAYOUT, fillLayout } from '../../src/model/archive-layout.js';
import { problemsOf as problemsOfConfig } from '../helpers/config-problems.js';

const FILE = 'sites/news/feeds.json';

function withArchive(archive: unknown, outputs: unknown[] = []): Record<string, unknown> {
  return {
    output: { title: 'All', id: 'urn:test:all' },
    sources: [{ key: 'a', name: 'A', url: 'https://a.example/feed' }],
    outputs,
    archive,
  };
}

const problemsOf = (json: unknown) => problemsOfConfig(FILE, json);

describe('the archive of the config', () => {
  it('is absent unless configured', () => {
    expect(parseConfig(FILE, JSON.stringify({ output: { title: 'All', id: 'urn:test:all' }, sources: [] })).archive).toBeUndefined();
  });

  it('takes its folder relative to the folder of the config file, and fills in its defaults', () => {
    expect(parseConfig(FILE, JSON.stringify(withArchive({ dir: 'archive' }))).archive).toEqual({
      dir: resolve('sites/news/archive'),
      onExpiry: 'keep',
      layout: DEFAULT_ARCHIVE_LAYOUT,
      upperCaseTags: true,
      draft: false,
    });
  });

  it('keeps an absolute folder as it is', () => {
    expect(parseConfig(FILE, JSON.stringify(withArchive({ dir: '/srv/site/content/news' }))).archive?.dir).toBe('/srv/site/content/news');
  });

  it('takes a filter, the name of an output, what to do on expiry, a layout, tags as written and drafts', () => {
    const archive = { dir: 'a', filter: { sources: ['a'], topics: ['BTC'] }, output: 'btc', onExpiry: 'delete', layout: '{source}/{yyyy}-{slug}.md', upperCaseTags: false, draft: true };
    expect(parseConfig(FILE, JSON.stringify(withArchive(archive, [{ name: 'btc', title: 'BTC' }]))).archive).toEqual({ ...archive, dir: resolve('sites/news/a') });
  });

  it('refuses an output or a source that does not exist, with the JSON path', () => {
    expect(problemsOf(withArchive({ dir: 'a', output: 'nope', filter: { sources: ['a', 'b'] } }))).toEqual([
      'sites/news/feeds.json: archive.output: no output has the name "nope" (outputs[].name)',
      'sites/news/feeds.json: archive.filter.sources[1]: no source has the key "b"',
    ]);
  });

  it('refuses a layout that is not a relative .md path with a slug or a hash, or names a field that does not exist', () => {
    const problem = (layout: string) => problemsOf(withArchive({ dir: 'a', layout }));
    expect(problem('{yyyy}/{title}.md')).toEqual(['sites/news/feeds.json: archive.layout: unknown field {title}; use {yyyy}, {mm}, {dd}, {slug}, {hash}, {source}']);
    expect(problem('{yyyy}/{slug}.html')).toEqual(['sites/news/feeds.json: archive.layout: must end in .md']);
    expect(problem('{yyyy}/{dd}.md')).toEqual(['sites/news/feeds.json: archive.layout: must hold {slug} or {hash}, or every item of a day would share one name']);
    for (const layout of ['/{slug}.md', '../{slug}.md', '{yyyy}//{slug}.md', '{yyyy}\\{slug}.md']) {
      expect(problem(layout)).toEqual(['sites/news/feeds.json: archive.layout: a relative path of plain segments (no leading /, no . or .., no \\)']);
    }
    expect(problem('{slug.md')).toEqual(['sites/news/feeds.json: archive.layout: a brace that opens or closes no field']);
  });

  it('refuses unknown fields and an empty folder', () => {
    expect(problemsOf(withArchive({ dir: '', dirs: 'x' }))).toEqual(['sites/news/feeds.json: archive.dir: must not be empty', 'sites/news/feeds.json: archive: unknown field "dirs"']);
  });
});

describe('an archive layout', () => {
  it('is filled in field by field', () => {
    expect(fillLayout(DEFAULT_ARCHIVE_LAYOUT, { yyyy: '2025', mm: '12', dd: '16', slug: 'coreweave-collapse', hash: '1a2b3c4d', source: 'coindesk' })).toBe(
      '2025/12/2025-12-16-coreweave-collapse-1a2b3c4d.md',
    );
  });
});
