/**
 * The writing systems the language decision tells apart. `Jpan` is Han with kana (Japanese), `Hani`
 * Han without (Chinese, or Japanese written in kanji only).
 */
export type Script =
  | 'Latin'
  | 'Cyrillic'
  | 'Greek'
  | 'Armenian'
  | 'Hebrew'
  | 'Arabic'
  | 'Devanagari'
  | 'Bengali'
  | 'Gurmukhi'
  | 'Gujarati'
  | 'Oriya'
  | 'Tamil'
  | 'Telugu'
  | 'Kannada'
  | 'Malayalam'
  | 'Thai'
  | 'Lao'
  | 'Georgian'
  | 'Ethiopic'
  | 'Hangul'
  | 'Jpan'
  | 'Hani';

/** The script most of a text's letters are in, and how many letters it has. */
export interface TextScript {
  /** Undefined when the text has no letter of a script listed here. */
  script: Script | undefined;
  /** Letters of the text in any listed script (Common characters such as digits, punctuation and ー are not letters here). */
  letters: number;
  /** The share of `letters` in `script`, 0–1. */
  share: number;
  /**
   * Letters weighed by what one says: a Han, kana or Hangul character (a word or a syllable) counts
   * 3, as it does in the UTF-8 bytes eld reads; any other letter 1.
   */
  weight: number;
}

type Block = 'Han' | 'Kana' | Exclude<Script, 'Jpan' | 'Hani'>;

/** Unicode blocks of letters, by script, sorted by start. Ranges hold a few non-letters (digits of Thai, Arabic): harmless for a majority count. */
const RANGES: ReadonlyArray<readonly [number, number, Block]> = [
  [0x00c0, 0x024f, 'Latin'],
  [0x0370, 0x03ff, 'Greek'],
  [0x0400, 0x052f, 'Cyrillic'],
  [0x0531, 0x058f, 'Armenian'],
  [0x05d0, 0x05f2, 'Hebrew'],
  [0x0620, 0x06ff, 'Arabic'],
  [0x0750, 0x077f, 'Arabic'],
  [0x0900, 0x097f, 'Devanagari'],
  [0x0980, 0x09ff, 'Bengali'],
  [0x0a00, 0x0a7f, 'Gurmukhi'],
  [0x0a80, 0x0aff, 'Gujarati'],
  [0x0b00, 0x0b7f, 'Oriya'],
  [0x0b80, 0x0bff, 'Tamil'],
  [0x0c00, 0x0c7f, 'Telugu'],
  [0x0c80, 0x0cff, 'Kannada'],
  [0x0d00, 0x0d7f, 'Malayalam'],
  [0x0e01, 0x0e4e, 'Thai'],
  [0x0e80, 0x0eff, 'Lao'],
  [0x10a0, 0x10ff, 'Georgian'],
  [0x1100, 0x11ff, 'Hangul'],
  [0x1200, 0x139f, 'Ethiopic'],
  [0x1c90, 0x1cbf, 'Georgian'],
  [0x1e00, 0x1eff, 'Latin'],
  [0x1f00, 0x1fff, 'Greek'],
  [0x3041, 0x309f, 'Kana'],
  [0x30a1, 0x30fa, 'Kana'],
  [0x3130, 0x318f, 'Hangul'],
  [0x31f0, 0x31ff, 'Kana'],
  [0x3400, 0x4dbf, 'Han'],
  [0x4e00, 0x9fff, 'Han'],
  [0xa960, 0xa97f, 'Hangul'],
  [0xac00, 0xd7af, 'Hangul'],
  [0xf900, 0xfaff, 'Han'],
  [0xfb1d, 0xfb4f, 'Hebrew'],
  [0xfb50, 0xfdff, 'Arabic'],
  [0xfe70, 0xfeff, 'Arabic'],
  [0xff21, 0xff3a, 'Latin'],
  [0xff41, 0xff5a, 'Latin'],
  [0xff66, 0xff9d, 'Kana'],
  [0x20000, 0x3134f, 'Han'],
];

/** Text written in Han with at least this share of kana among its Han and kana letters is Japanese. */
const KANA_SHARE = 0.1;

function blockOf(code: number): Block | undefined {
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) ? 'Latin' : undefined;
  if (code === 0xd7 || code === 0xf7) return undefined;
  for (const [start, end, block] of RANGES) {
    if (code < start) return undefined;
    if (code <= end) return block;
  }
  return undefined;
}

/** Counts the letters of a text by script. Linear in the text; for a few hundred characters, microseconds. */
export function textScript(text: string): TextScript {
  const counts = new Map<Block, number>();
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      code = 0x10000 + ((code - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00);
      i++;
    }
    const block = blockOf(code);
    if (block === undefined) continue;
    letters++;
    counts.set(block, (counts.get(block) ?? 0) + 1);
  }
  if (letters === 0) return { script: undefined, letters: 0, share: 0, weight: 0 };
  const han = counts.get('Han') ?? 0;
  const kana = counts.get('Kana') ?? 0;
  const weight = letters + 2 * (han + kana + (counts.get('Hangul') ?? 0));
  let best: Script | undefined;
  let bestCount = 0;
  if (han + kana > 0) [best, bestCount] = [kana >= (han + kana) * KANA_SHARE ? 'Jpan' : 'Hani', han + kana];
  for (const [block, count] of counts) {
    if (block !== 'Han' && block !== 'Kana' && count > bestCount) [best, bestCount] = [block, count];
  }
  return { script: best, letters, share: bestCount / letters, weight };
}
