import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderFrontMatter } from '../../src/archive/render-front-matter.js';
import { SEEDS } from '../helpers/seeds.js';

const FIXTURES = ['000', '002'].map((seed) => ({ seed, file: `test/fixtures/archive/seed-${seed}.front-matter.yaml` }));

/** The YAML between a document's opening `---` line and its closing one. */
function frontMatterOf(text: string): string {
  const end = text.indexOf('\n---\n', 3);
  if (!text.startsWith('---\n') || end === -1) throw new Error('no front matter');
  return text.slice(4, end + 1);
}

describe('the front matter serializer', () => {
  it.each(FIXTURES)("writes seed $seed's own field values back byte for byte", ({ file }) => {
    const yaml = frontMatterOf(readFileSync(file, 'utf8'));
    expect(renderFrontMatter(parse(yaml))).toBe(yaml);
  });

  it.runIf(SEEDS.present).each(FIXTURES)('keeps fixture $seed a faithful copy of the seed document', ({ seed, file }) => {
    const document = SEEDS.files.find((path) => path.includes(`/${seed}_`));
    expect(document, `seed ${seed} in ../shared/seeds`).toBeDefined();
    expect(readFileSync(file, 'utf8')).toBe(`---\n${frontMatterOf(readFileSync(document!, 'utf8'))}---\n`);
  });

  it.runIf(SEEDS.present).each(SEEDS.files)('writes the front matter of %s back byte for byte, read from the seed itself', (document) => {
    const yaml = frontMatterOf(readFileSync(document, 'utf8'));
    expect(renderFrontMatter(parse(yaml))).toBe(yaml);
  });
});
