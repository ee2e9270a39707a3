import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The docs' relative links: every one in README.md, CONTRIBUTING.md and docs/*.md names a file that
 * exists, and a link to a heading of a Markdown file (`fleet.md#roles`) names a heading it has.
 * Links to other sites (https:, mailto:) are not followed.
 */

const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync('docs')
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

interface Link {
  line: number;
  target: string;
}

/** The text with fenced code blocks and code spans blanked out, lines kept, so `[x](y)` in code is no link. */
function withoutCode(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => block.replace(/[^\n]/g, ' ')).replace(/(`+)[\s\S]*?\1/g, (span) => span.replace(/[^\n]/g, ' '));
}

/** Inline links and images `[text](target "title")`, and reference definitions `[name]: target`. */
function linksOf(markdown: string): Link[] {
  const text = withoutCode(markdown);
  const links: Link[] = [];
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  for (const match of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ line: lineOf(match.index ?? 0), target: match[1] ?? '' });
  for (const match of text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) links.push({ line: lineOf(match.index ?? 0), target: match[1] ?? '' });
  return links;
}

function isRelative(target: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('//');
}

/** The anchors a renderer such as GitHub's gives a Markdown file's headings. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = (match[1] ?? '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

function withoutFences(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** What is wrong with one link of `file`, or undefined when it resolves. */
function problemWith(file: string, link: Link): string | undefined {
  const [pathPart = '', anchor] = decodeURI(link.target).split('#', 2);
  const resolved = pathPart === '' ? file : path.normalize(path.join(path.dirname(file), pathPart.split('?')[0] ?? ''));
  if (!existsSync(resolved)) return `${file}:${link.line}: ${link.target}: no file ${resolved}`;
  if (anchor && resolved.endsWith('.md') && !anchorsOf(readFileSync(resolved, 'utf8')).has(anchor)) {
    return `${file}:${link.line}: ${link.target}: no heading #${anchor} in ${resolved}`;
  }
  return undefined;
}

describe('the documentation links', () => {
  it('reads links the way a Markdown renderer does, leaving code alone', () => {
    const markdown = ['See [the guide](docs/guide.md#set-up) and ![a figure](img/a.png "A").', '`[not](a-link.md)`', '```', '[nor](this.md)', '```', '[ref]: CHANGELOG.md'].join('\n');
    expect(linksOf(markdown).map((link) => link.target)).toEqual(['docs/guide.md#set-up', 'img/a.png', 'CHANGELOG.md']);
  });

  it('names headings the way GitHub anchors them', () => {
    const anchors = anchorsOf(['# Configuring Tributary', '## Credentials and `${NAME}`', "## Fetching: how Tributary treats other people's servers", '## Roles', '## Roles'].join('\n'));
    expect([...anchors]).toEqual(['configuring-tributary', 'credentials-and-name', 'fetching-how-tributary-treats-other-peoples-servers', 'roles', 'roles-1']);
  });

  it.each(DOCS)('%s: every relative link points at a file that exists (and a heading it has)', (file) => {
    const problems = linksOf(readFileSync(file, 'utf8'))
      .filter((link) => isRelative(link.target))
      .map((link) => problemWith(file, link))
      .filter((problem) => problem !== undefined);
    expect(problems).toEqual([]);
  });
});
