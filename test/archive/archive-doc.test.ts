import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderArchiveFile } from '../../src/archive/render-archive-file.js';
import { archivePathOf } from '../../src/archive/archive-path.js';
import { DEFAULT_ARCHIVE_LAYOUT } from '../../src/model/archive-layout.js';
import type { Item } from '../../src/model/item.js';

/** The item of docs/archive.md's example, as the store holds it after enrichment. */
const EXAMPLE: Item = {
  externalId: '55880200',
  title: 'CoreWeave collapse sparks fears of cracks in AI infrastructure boom',
  description: 'The recent collapse of CoreWeave, a company that transitioned from Bitcoin mining to high-performance computing, has raised concerns about the stability of the AI infrastructure…',
  content:
    '<p>The recent collapse of <a href="https://www.coindesk.com/tag/coreweave">CoreWeave</a>, a company that transitioned from <strong>Bitcoin mining</strong> to high-performance computing, has raised concerns about the stability of the AI infrastructure boom.</p>' +
    '<h2>Why it matters</h2><ul><li>Miners that pivoted to AI may face scrutiny.</li><li>Investors may turn cautious.</li></ul>' +
    '<p><img src="https://images.example/coreweave.jpg" alt="A data center"></p>',
  link: 'https://www.coindesk.com/markets/2025/12/16/coreweave-collapse-sparks-fears',
  author: 'Jane Doe',
  publishedAt: '2025-12-16T15:34:37.000Z',
  updatedAt: '2025-12-16T16:36:49.985Z',
  lang: 'en',
  source: { key: 'coindesk', name: 'CoinDesk', type: 'RSS' },
  category: 'BTC',
  tags: ['BTC', 'AI', 'Business', 'Markets', 'Bitcoin News'],
  topics: ['BTC', 'AI'],
  sentiment: { label: 'NEGATIVE', score: -0.6129, from: 'text' },
  coverImage: { url: 'https://images.example/coreweave.jpg' },
  enclosures: [],
};

/** The first fenced block after a heading of docs/archive.md. */
function blockAfter(heading: string): string {
  const text = readFileSync('docs/archive.md', 'utf8');
  const start = text.indexOf(`\n## ${heading}\n`);
  const open = text.indexOf('\n```', start);
  const from = text.indexOf('\n', open + 1) + 1;
  return text.slice(from, text.indexOf('\n```\n', from) + 1);
}

describe('docs/archive.md', () => {
  it('shows, as its example, the file the archive writes for the example item, at its path', () => {
    const block = blockAfter('An example');
    const [pathLine, ...rest] = block.split('\n');
    expect(pathLine).toBe(`# ${archivePathOf(EXAMPLE, DEFAULT_ARCHIVE_LAYOUT)}`);
    expect(rest.join('\n')).toBe(renderArchiveFile(EXAMPLE, { upperCaseTags: true, draft: false }));
  });
});
