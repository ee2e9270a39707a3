import fc from 'fast-check';
import matter from 'gray-matter';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderFrontMatter } from '../../src/archive/render-front-matter.js';
import { scalarStyleOf } from '../../src/archive/scalar-style.js';

/** Titles a feed may send that a careless template would turn into other YAML, or break. */
const HOSTILE = [
  'Bitcoin: "ON" or NO? #1',
  '- a dash: and a colon:',
  '2025-12-16',
  '2025-12-16T15:34:37.000Z',
  '55880200',
  '0x1F',
  '1e3',
  '.5',
  '+1',
  'yes',
  'No',
  'on',
  'true',
  'False',
  'null',
  'NULL',
  '~',
  '<<',
  '',
  ' leading space',
  'trailing space ',
  '  both  ',
  "'",
  "it's",
  '"',
  'a "quoted" word',
  '#hashtag',
  'C# and F#',
  'a #comment',
  'ends with a colon:',
  'key: value',
  '[not, a, list]',
  '{not: a map}',
  '& * ! | > % @ `',
  '? question',
  '...',
  '---',
  'AT&T, Inc.',
  'Ünïcödé café',
  'שלום עולם — مرحبا بالعالم',
  'Bitcoin 🚀 to the 🌕',
  'a\u00a0no-break space',
  'tab\there',
  'first line\nsecond line',
  'trailing newline\n',
  ' indented\nfirst line',
  'line\u2028separator',
  'bom\ufeffinside',
  'bell\u0007and\u0000nul',
  `${'a very long line, '.repeat(400)}end`,
];

/** Front matter as gray-matter reads it (js-yaml 3), as js-yaml 4 reads it (Astro, most SSGs) and as `yaml` reads it. */
function readBack(yaml: string): Array<[reader: string, data: unknown]> {
  const file = `---\n${yaml}---\nBody\n`;
  return [
    ['gray-matter', matter(file, { cache: false } as never).data],
    ['js-yaml', jsYaml.load(yaml)],
    ['yaml', parse(yaml)],
  ];
}

/**
 * What gray-matter 4's YAML engine (js-yaml 3's safeDump, lineWidth -1, as the seeds were written)
 * makes of `data`, before matter.stringify trims it and adds the `---` lines.
 */
function grayMatterYaml(data: Record<string, unknown>): string {
  const engine = (matter as unknown as { engines: { yaml: { stringify(data: unknown, options: unknown): string } } }).engines.yaml;
  return engine.stringify(data, { lineWidth: -1 });
}

/** Characters js-yaml 3 escapes though YAML prints them (each half of an astral pair, NBSP), or escapes as this does not (U+2028, U+2029, BOM). */
const ESCAPED_OTHERWISE = /[\u{10000}-\u{10ffff}\u00a0\u2028\u2029\ufeff]/u;

describe('the front matter of a hostile title', () => {
  // A text is never the last key of an archive file: gray-matter cuts the blank lines that end a
  // kept literal block (`|+`) just before the closing `---`.
  it.each(HOSTILE.map((title) => [JSON.stringify(title).slice(0, 60), title]))('reads back exactly with gray-matter, js-yaml and yaml: %s', (_name, title) => {
    const fields = { title, tags: [title], source: { name: title }, draft: false };
    for (const [reader, data] of readBack(renderFrontMatter(fields))) expect(data, reader).toEqual(fields);
  });

  it.each(HOSTILE.filter((title) => !ESCAPED_OTHERWISE.test(title)).map((title) => [JSON.stringify(title).slice(0, 60), title]))('is what gray-matter writes: %s', (_name, title) => {
    expect(renderFrontMatter({ title })).toBe(grayMatterYaml({ title }));
  });

  it('writes emoji and a no-break space as they are, where js-yaml 3 escapes them', () => {
    expect(renderFrontMatter({ title: 'Bitcoin 🚀 to the 🌕' })).toBe('title: Bitcoin 🚀 to the 🌕\n');
    expect(grayMatterYaml({ title: 'Bitcoin 🚀 to the 🌕' })).toBe('title: "Bitcoin \\U0001F680 to the \\U0001F315"\n');
    expect(renderFrontMatter({ title: 'a\u00a0b' })).toBe('title: "a\u00a0b"\n');
  });

  it('leaves a line separator or a BOM as it is inside double quotes, where js-yaml 3 writes an escape', () => {
    expect(renderFrontMatter({ title: 'a\u2028b\ufeffc' })).toBe('title: "a\u2028b\ufeffc"\n');
    expect(grayMatterYaml({ title: 'a\u2028b\ufeffc' })).toBe('title: "a\\Lb\\uFEFFc"\n');
  });

  it('quotes a text that YAML 1.2 reads as a number though YAML 1.1 does not', () => {
    expect(scalarStyleOf('0o17')).toBe('QUOTE_SINGLE');
    expect(grayMatterYaml({ title: '0o17' })).toBe('title: 0o17\n');
  });

  it('quotes a signed YAML 1.2 octal, a number to js-yaml 4 alone', () => {
    for (const title of ['+0o6', '-0o17']) {
      expect(jsYaml.load(`title: ${title}`)).not.toEqual({ title });
      expect(renderFrontMatter({ title })).toBe(`title: '${title}'\n`);
    }
  });

  it('double-quotes a text whose last line break follows a line of spaces, which js-yaml 3 and yaml chomp otherwise', () => {
    for (const title of [':\n \n', 'a\n \n', 'a\n\n  \n']) {
      expect(grayMatterYaml({ title })).toMatch(/^title: \|\n/);
      expect(renderFrontMatter({ title })).toMatch(/^title: "[^\n]*"\n$/);
      for (const [reader, data] of readBack(renderFrontMatter({ title, draft: false }))) expect(data, reader).toEqual({ title, draft: false });
    }
    // Ending in an empty line, both keep the trailing breaks (`|+`), and write the same.
    expect(renderFrontMatter({ title: 'a\n \n\n' })).toBe(grayMatterYaml({ title: 'a\n \n\n' }));
  });

  it('never folds a long line', () => {
    const title = 'word '.repeat(2000).trim();
    expect(renderFrontMatter({ title })).toBe(`title: ${title}\n`);
  });

  it('reads back any text exactly with all three readers (fast-check)', () => {
    const yamlish = fc.constantFrom(...':#-?,[]{}&*!|>\'"%@` \n\t~yYnNoO0123456789.+eE<=x'.split(''), 'é', '🚀', '\u00a0', '\u2028', '\u0085', '\r', '\ufeff', '\u0000');
    const text = fc.oneof(fc.string({ unit: yamlish, maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 40 }));
    fc.assert(
      fc.property(text, (title) => {
        for (const [reader, data] of readBack(renderFrontMatter({ title, draft: false })))
          if ((data as { title?: unknown }).title !== title) throw new Error(`${reader} read ${JSON.stringify(title)} back otherwise`);
      }),
      { numRuns: 3000 },
    );
  });

  it('writes what gray-matter writes for any text of printable characters, but where a YAML reader would misread it (fast-check)', () => {
    const yamlish = fc.constantFrom(...':#-?,[]{}&*!|>\'"%@` ~yYnN0123456789.+eE<=x'.split(''), 'é', '\n');
    fc.assert(
      fc.property(fc.string({ unit: yamlish, maxLength: 10 }), (title) => {
        const ours = renderFrontMatter({ title });
        const theirs = grayMatterYaml({ title });
        if (ours === theirs) return;
        if (title.includes('\n')) {
          // A line break after a blank first line, before a trailing space or after a last line of spaces: double-quoted here.
          expect(ours.startsWith('title: "')).toBe(true);
          expect(/^[^\S\n]*\n/.test(title) || /[ \t]$/.test(title) || /\n[ \t\n]*[ \t]\n$/.test(title)).toBe(true);
          return;
        }
        // js-yaml 3 wrote it plain, and YAML 1.1 or 1.2 would read that as something else (0o17, +0o17, .).
        expect(theirs).toBe(`title: ${title}\n`);
        const readings = [...(['yaml-1.1', 'core'] as const).map((schema) => parse(theirs, { schema }).title), (jsYaml.load(theirs) as { title: unknown }).title];
        expect(readings.some((reading) => reading !== title)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
