import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { OpmlError } from '../../src/errors/opml-error.js';
import { readOpmlFile } from '../../src/commands/read-opml-file.js';
import { tempDir } from '../helpers/temp-workspace.js';

const opml = (encoding: string) =>
  `<?xml version="1.0" encoding="${encoding}"?>\n<opml version="1.0"><head><title>Flux français</title></head><body>` +
  '<outline text="Économie"><outline text="Café crème" xmlUrl="https://cafe.example/rss"/></outline></body></opml>\n';

const EXPECTED = { title: 'Flux français', subscriptions: [{ url: 'https://cafe.example/rss', name: 'Café crème', folder: 'Économie', categories: [] }] };

async function saved(name: string, bytes: Buffer): Promise<string> {
  const file = join(await tempDir('tributary-opml-'), name);
  await writeFile(file, bytes);
  return file;
}

describe('reading an OPML file', () => {
  it('reads a file saved as ISO-8859-1, as its XML declaration says', async () => {
    const file = await saved('latin1.opml', iconv.encode(opml('ISO-8859-1'), 'latin1'));
    expect(await readOpmlFile(file)).toEqual(EXPECTED);
  });

  it('reads a file saved as UTF-16 with a byte order mark', async () => {
    const file = await saved('utf16.opml', iconv.encode(opml('UTF-16'), 'utf-16le', { addBOM: true }));
    expect(await readOpmlFile(file)).toEqual(EXPECTED);
  });

  it('reads a UTF-8 file, with or without a byte order mark', async () => {
    for (const addBOM of [false, true]) {
      const file = await saved('utf8.opml', iconv.encode(opml('UTF-8'), 'utf8', { addBOM }));
      expect(await readOpmlFile(file)).toEqual(EXPECTED);
    }
  });

  it('says the file is not there', async () => {
    const file = join(await tempDir('tributary-opml-'), 'missing.opml');
    await expect(readOpmlFile(file)).rejects.toThrow(new OpmlError(file, 'file not found'));
  });
});
