import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Keyv } from 'keyv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors/store-error.js';
import { openKeyv } from '../../src/store/open-keyv.js';

let dir: string;
const opened: Keyv[] = [];

async function open(uri: string): Promise<Keyv> {
  const keyv = await openKeyv(uri, { namespace: 'tributary' });
  opened.push(keyv);
  return keyv;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tributary-open-'));
});

afterEach(async () => {
  for (const keyv of opened.splice(0)) await keyv.disconnect();
  await rm(dir, { recursive: true, force: true });
});

describe('openKeyv', () => {
  it('rejects an unknown scheme with a message naming the URI and the schemes it takes', async () => {
    const opening = openKeyv('mongodb://db.example/tributary');
    await expect(opening).rejects.toThrow(StoreError);
    await expect(opening).rejects.toThrow('store open failed: unsupported store URI scheme "mongodb:"; use sqlite://<file> or redis://host:port ' + '(mongodb://db.example/tributary)');
  });

  it('rejects a path that is not a database file', async () => {
    await expect(openKeyv(join(dir, 'notes.txt'))).rejects.toThrow(/unsupported store URI scheme "\(none\)"/);
  });

  it('hides the password of a URI it rejects', async () => {
    const error = (await openKeyv('postgres://app:hunter2@db.example/x').catch((e: unknown) => e)) as StoreError;
    expect(error.message).toContain('postgres://app:***@db.example/x');
    expect(error.message).not.toContain('hunter2');
  });

  it.each([
    ['sqlite://<absolute path>', (file: string) => `sqlite://${file}`],
    ['sqlite:<absolute path>', (file: string) => `sqlite:${file}`],
    ['a bare path ending in .db', (file: string) => file],
    ['a bare path ending in .sqlite', (file: string) => file.replace(/\.db$/, '.sqlite')],
  ])('opens SQLite from %s, creating the parent directory', async (_form, toUri) => {
    const file = join(dir, 'data', 'store.db');
    const uri = toUri(file);
    await (await open(uri)).set('k', 'v');
    expect(existsSync(uri.replace(/^sqlite:(\/\/)?/, ''))).toBe(true);
  });

  it('resolves a relative sqlite:// path against the working directory', async () => {
    const file = join(dir, 'relative.db');
    await (await open(`sqlite://${relative(process.cwd(), file)}`)).set('k', 'v');
    expect(existsSync(file)).toBe(true);
  });

  it('throws when the store fails instead of reading the key as absent', async () => {
    const keyv = await open(`sqlite://${join(dir, 'store.db')}`);
    await keyv.set('k', 'v');
    await keyv.disconnect();
    await expect(keyv.get('k')).rejects.toThrow(/closed/);
  });

  it('keeps values apart by namespace', async () => {
    const uri = `sqlite://${join(dir, 'store.db')}`;
    const mine = await open(uri);
    const theirs = await openKeyv(uri, { namespace: 'other' });
    opened.push(theirs);
    await mine.set('k', 'mine');
    expect(await theirs.get('k')).toBeUndefined();
  });
});
