import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import matter from 'gray-matter';
import { expect } from 'vitest';
import { parse } from 'yaml';

/** The seed documents' front matter keys, in their order; the archive writes them so, then its own. */
export const SEED_KEYS = ['title', 'description', 'publishedAt', 'updatedAt', 'lang', 'externalId', 'source', 'category', 'tags', 'stickyWeight', 'sentiment', 'score', 'draft', 'coverImage', 'ai'];
export const OWN_KEYS = ['link', 'author', 'topics', 'sentimentScore', 'eventId', 'storyId'];

/** Every Markdown file under an archive's folder (POSIX paths relative to it), hidden ones left out. */
export function archiveFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(
      (entry) =>
        entry.isFile() &&
        entry.name.endsWith('.md') &&
        !relative(dir, entry.parentPath)
          .split(sep)
          .some((part) => part.startsWith('.')),
    )
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** The mtime of every file under a folder, the hidden index included: what a run that changes nothing must leave alone. */
export function mtimes(dir: string): Map<string, number> {
  return new Map(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [relative(dir, path), statSync(path).mtimeMs] as const;
      }),
  );
}

/** A file's front matter as gray-matter (js-yaml 3) and `yaml` read it: both must agree. */
export function readArchiveFile(file: string): { data: Record<string, unknown>; body: string } {
  const text = readFileSync(file, 'utf8');
  const { data, content } = matter(text, { cache: false } as never);
  const yaml = parse(text.slice(4, text.indexOf('\n---\n', 3) + 1)) as Record<string, unknown>;
  expect(yaml, file).toEqual(data);
  return { data, body: content };
}

/**
 * The seeds' schema, as their files have it: the seeds' keys first and in their order (those an
 * item lacks left out), then the archive's own; each of the type the seeds give it.
 */
export function expectSeedSchema(data: Record<string, unknown>, file: string): void {
  const keys = Object.keys(data);
  expect(keys, file).toEqual([...SEED_KEYS, ...OWN_KEYS].filter((key) => keys.includes(key)));
  for (const key of ['title', 'description', 'publishedAt', 'updatedAt', 'externalId', 'source', 'tags', 'stickyWeight', 'score', 'draft', 'ai']) expect(keys, `${file}: ${key}`).toContain(key);
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
  expect(data, file).toMatchObject({
    title: expect.any(String),
    description: expect.any(String),
    publishedAt: expect.stringMatching(iso),
    updatedAt: expect.stringMatching(iso),
    externalId: expect.any(String),
    source: { name: expect.any(String), key: expect.any(String), type: expect.stringMatching(/^(?:RSS|ATOM|RDF|JSON)$/) },
    tags: expect.any(Array),
    stickyWeight: 0,
    score: 0,
    draft: expect.any(Boolean),
    ai: { rewritten: false },
  });
  expect(Object.keys(data['source'] as object), file).toEqual(['name', 'key', 'type']);
  for (const tag of data['tags'] as unknown[]) expect(typeof tag, file).toBe('string');
  if ('lang' in data) expect(typeof data['lang'], file).toBe('string');
  if ('category' in data) expect(typeof data['category'], file).toBe('string');
  if ('sentiment' in data) expect(data['sentiment'], file).toMatch(/^(?:POSITIVE|NEUTRAL|NEGATIVE)$/);
  if ('coverImage' in data) expect(data['coverImage'], file).toEqual({ raw: expect.stringMatching(/^https?:\/\//) });
  if ('sentimentScore' in data) expect(typeof data['sentimentScore'], file).toBe('number');
  expect('eventId' in data, `${file}: an event id comes with a story id`).toBe('storyId' in data);
}
