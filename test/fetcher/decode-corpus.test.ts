import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/fetcher/decode-body.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const CHARDET = resolve(projectRoot, '../shared/corpus/chardet/tests');

// Measured on the 311 chardet feeds: 311/311 clean (the test prints the count). A little slack for a corpus update.
const MIN_CLEAN_SHARE = 0.99;

interface Outcome {
  label: string;
  file: string;
  encoding: string;
  clean: boolean;
}

function firstTitle(text: string): string | undefined {
  return /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
}

function decodeAll(): Outcome[] {
  return readdirSync(CHARDET).flatMap((label) =>
    readdirSync(join(CHARDET, label))
      .filter((file) => file.endsWith('.xml'))
      .map((file) => {
        const { text, encoding } = decodeBody(readFileSync(join(CHARDET, label, file)));
        const title = firstTitle(text);
        return { label, file, encoding, clean: title !== undefined && !title.includes('\uFFFD') };
      }),
  );
}

describe.skipIf(!existsSync(CHARDET))('decodeBody over the chardet corpus', () => {
  if (!existsSync(CHARDET)) console.warn(`corpus not found at ${CHARDET}; skipping the chardet decoding test`);

  it(`decodes the first <title> of at least ${MIN_CLEAN_SHARE * 100}% of the feeds without U+FFFD`, () => {
    const outcomes = decodeAll();
    const clean = outcomes.filter((o) => o.clean);
    const failures = outcomes.filter((o) => !o.clean).map((o) => `${o.label}/${o.file} (decoded as ${o.encoding})`);
    console.info(`chardet corpus: ${clean.length}/${outcomes.length} first titles decoded cleanly${failures.length ? `; not clean: ${failures.join(', ')}` : ''}`);

    expect(outcomes.length).toBeGreaterThan(300);
    expect(clean.length / outcomes.length).toBeGreaterThanOrEqual(MIN_CLEAN_SHARE);
  });

  it('decodes every feed with the encoding its label names, or a superset of it', () => {
    // chardet's ground-truth label → the iconv-lite name decodeBody should settle on.
    const expected: Readonly<Record<string, string>> = {
      Big5: 'big5hkscs',
      CP932: 'cp932',
      CP949: 'cp949',
      'EUC-JP': 'euc-jp',
      'EUC-KR': 'cp949',
      GB2312: 'gb18030',
      IBM855: 'ibm855',
      IBM866: 'ibm866',
      'KOI8-R': 'koi8-r',
      MacCyrillic: 'maccyrillic',
      SHIFT_JIS: 'cp932',
      'TIS-620': 'windows-874',
      ascii: 'utf-8',
      'iso-8859-2-hungarian': 'iso-8859-2',
      'iso-8859-5-bulgarian': 'iso-8859-5',
      'iso-8859-5-russian': 'iso-8859-5',
      'iso-8859-7-greek': 'iso-8859-7',
      'iso-8859-9-turkish': 'windows-1254',
      'utf-8': 'utf-8',
      'windows-1250-hungarian': 'windows-1250',
      'windows-1251-bulgarian': 'windows-1251',
      'windows-1251-russian': 'windows-1251',
      'windows-1255-hebrew': 'windows-1255',
    };
    const wrong = decodeAll()
      .filter((o) => o.encoding !== expected[o.label])
      .map((o) => `${o.label}/${o.file}: ${o.encoding}`);

    expect(wrong).toEqual([]);
  });
});
