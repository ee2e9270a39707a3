import { isContinuation } from './mojibake-bytes.js';

/**
 * A letter, number or symbol of windows-1252's upper half, or a C1 control, beside a run: the run is
 * more likely a chance pair in text of another legacy encoding read as windows-1252 than mojibake.
 * Punctuation and spaces are fine neighbours (`â€œquotesâ€¦”`).
 */
export function isStray(code: number): boolean {
  if (code < 0x80) return false;
  if (code <= 0x9f) return true;
  if (code <= 0xff) return !NEIGHBOURLY.has(code);
  // Latin Extended-A and -B, IPA, modifiers: what windows-1250 or -1257 mojibake is made of.
  if (code <= 0x2ff) return true;
  return code === 0x20ac || code === 0x2020 || code === 0x2021 || code === 0x2030;
}

/** Latin-1 punctuation that may stand beside a run in text that is otherwise fine. */
const NEIGHBOURLY = new Set([0xa0, 0xa1, 0xa7, 0xa9, 0xab, 0xad, 0xae, 0xb0, 0xb4, 0xb6, 0xb7, 0xbb, 0xbf]);

export function isLetter(code: number): boolean {
  return code >= 0 && LETTER.test(String.fromCharCode(code));
}
const LETTER = /\p{L}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * What one character of a repair is: `common` (Latin letters, punctuation, symbols, emoji: fine
 * anywhere), `script` (a letter of another script: fine in a word of its own script), `ideograph`
 * (CJK, kana, Hangul: fine, but one alone needs stronger evidence), `mark` (combining: fine after a
 * base character), `pending` (a byte of mojibake still to be unwound), `never` (not text anyone
 * writes: the run is no mojibake).
 */
type Kind = 'common' | 'script' | 'ideograph' | 'mark' | 'pending' | 'never';

/**
 * The evidence a repair needs, on its own and in a text already found to hold mojibake, or
 * undefined when it is no text anyone writes. Base 2; a lone
 * ideograph needs 3 (an accented letter before two punctuation marks, `é\u00A0»`, decodes to one); one
 * letter of another script glued to a Latin word or a number is refused (basic Greek letters
 * excepted: `Î¼m` is `μm`), and one on its own needs 3.
 */
export function neededFor(repaired: string, before: number, after: number): [number, number] | undefined {
  let needed = 2;
  let letters = 0;
  let foreign = 0;
  let ideographs = 0;
  let previous = before;
  for (const character of repaired) {
    const code = character.codePointAt(0) ?? 0;
    const kind = kindOf(code);
    if (kind === 'never') return undefined;
    if (kind === 'mark' && !carriesMark(code, previous)) return undefined;
    if (kind === 'pending' && !(previous >= 0xc2 && previous <= 0xf4) && !isContinuation(previous)) return undefined;
    if (kind === 'script' || kind === 'ideograph') {
      letters += 1;
      if (!(code >= 0x391 && code <= 0x3c9)) foreign += 1;
    }
    if (kind === 'ideograph') ideographs += 1;
    previous = code;
  }
  if (letters === 1 && foreign === 1) {
    const glued = (before >= 0 && LETTER_OR_DIGIT.test(String.fromCharCode(before))) || (after >= 0 && LETTER_OR_DIGIT.test(String.fromCharCode(after)));
    if (glued) return undefined;
    // One letter of another script on its own (`Õ°` as Armenian `հ`): on strong evidence, or in
    // text already found to hold mojibake (the Ukrainian word `і` is `Ñ–`).
    needed = 3;
  }
  if (ideographs === 1 && letters === 1) return [3, 3];
  return [needed, 2];
}

/** Whether a combining mark has a base to sit on: Hebrew and Arabic marks a letter of their script. */
function carriesMark(mark: number, previous: number): boolean {
  if (previous < 0 || previous === 0x20 || previous === 0xa0) return false;
  if (mark >= 0x591 && mark <= 0x5c7) return previous >= 0x591 && previous <= 0x5ea;
  if (mark >= 0x64b && mark <= 0x6ed) return previous >= 0x620 && previous <= 0x6ff;
  return true;
}

function kindOf(code: number): Kind {
  if (code < 0x80) return 'common';
  // C1 controls: only the five windows-1252 leaves undefined get here, as bytes of a sequence that
  // the next pass takes (`Ã„Â\u008D` is `Ä\u008D`, then `č`).
  if (code <= 0x9f) return 'pending';
  if (code <= 0x17f) return 'common'; // Latin-1 Supplement, Latin Extended-A
  if (code <= 0x24f) return isLatinExtendedBInUse(code) ? 'common' : 'never';
  if (code <= 0x2af) return 'never'; // IPA: what `É’`, `Ê…`, `É¿` decode to
  if (code <= 0x2ff) return SPACING_MODIFIERS_IN_USE.has(code) ? 'common' : 'never';
  if (code <= 0x33f) return 'mark'; // the common combining marks (accents, strokes); the rest of the block is rare
  if (code <= 0x36f) return 'never';
  if (code <= 0x3ff) return code >= 0x384 && code <= 0x3ce ? 'script' : 'never'; // Greek, not its archaic letters and symbols
  if (code <= 0x45f) return 'script'; // Cyrillic
  if (code <= 0x4ff) return code === 0x490 || code === 0x491 ? 'script' : code >= 0x4d0 ? 'script' : 'never';
  if (code <= 0x52f) return 'never';
  if (code <= 0x58f) return code >= 0x531 ? 'script' : 'never'; // Armenian
  if (code <= 0x5ff) return code >= 0x5d0 && code <= 0x5f4 ? 'script' : code >= 0x591 && code <= 0x5c7 ? 'mark' : 'never'; // Hebrew
  if (code <= 0x6ff) return (code >= 0x64b && code <= 0x65f) || code === 0x670 || (code >= 0x6d6 && code <= 0x6ed) ? 'mark' : 'script'; // Arabic
  if (code <= 0x8ff) return 'never'; // Syriac, Thaana, NKo, Samaritan, Mandaic, Arabic extensions
  if (code <= 0xdff) return 'script'; // Indic scripts, Sinhala
  if (code <= 0xeff) return 'script'; // Thai, Lao
  if (code <= 0xfff) return 'never'; // Tibetan
  if (code <= 0x109f) return 'script'; // Myanmar
  if (code <= 0x10ff) return code >= 0x10d0 ? 'script' : 'never'; // Georgian
  if (code <= 0x11ff) return 'never'; // Hangul Jamo
  if (code <= 0x139f) return 'script'; // Ethiopic
  if (code <= 0x177f) return 'never';
  if (code <= 0x17ff) return 'script'; // Khmer
  if (code <= 0x1dff) return 'never'; // Mongolian, phonetic extensions, …
  if (code <= 0x1eff) return 'common'; // Latin Extended Additional: Vietnamese
  if (code <= 0x1fff) return 'script'; // Greek Extended
  if (code <= 0x206f) return 'common'; // General Punctuation
  if (code <= 0x20cf) return 'common'; // super- and subscripts, currency
  if (code <= 0x20ff) return 'never'; // combining marks for symbols
  if (code <= 0x23ff) return 'common'; // letterlike, number forms, arrows, mathematical, technical
  if (code <= 0x245f) return 'never'; // control pictures, OCR
  if (code <= 0x27ff) return 'common'; // enclosed alphanumerics, box drawing, shapes, symbols, dingbats
  if (code <= 0x28ff) return code === 0x2800 ? 'common' : 'never'; // Braille: its blank is used as a space
  if (code <= 0x2bff) return 'common'; // arrows, mathematical, miscellaneous symbols (⭐)
  if (code <= 0x2dff) return 'never'; // Glagolitic, Coptic, Tifinagh, …
  if (code <= 0x2e7f) return 'common'; // supplemental punctuation
  if (code <= 0x2fff) return 'never'; // CJK radicals, ideographic description
  if (code <= 0x30ff) return code <= 0x303f ? 'common' : 'ideograph'; // CJK punctuation, kana
  if (code <= 0x4dff) return 'never'; // Bopomofo, compatibility Jamo, CJK Extension A, …
  if (code <= 0x9fff) return 'ideograph'; // CJK Unified Ideographs
  if (code <= 0xabff) return 'never'; // Yi, Vai, …
  if (code <= 0xd7a3) return code >= 0xac00 ? 'ideograph' : 'never'; // Hangul syllables
  if (code <= 0xfaff) return 'never'; // private use, compatibility ideographs
  if (code <= 0xfb06) return 'common'; // ﬁ ﬂ
  if (code <= 0xfdff) return 'never'; // presentation forms
  if (code <= 0xfe0f) return 'mark'; // variation selectors (emoji presentation)
  if (code <= 0xfefe) return 'never';
  if (code === 0xfeff) return 'common'; // a byte order mark, as mojibake `ï»¿`
  if (code <= 0xff9f) return 'common'; // fullwidth forms (，！), halfwidth katakana
  if (code <= 0xffef) return 'never'; // halfwidth Hangul and symbols
  if (code === 0xfffd) return 'common';
  if (code <= 0xffff) return 'never';
  if (code >= 0x1d400 && code <= 0x1d7ff) return 'common'; // mathematical letters (𝐛𝐨𝐥𝐝)
  if (code >= 0x1f000 && code <= 0x1faff) return 'common'; // emoji, symbols, playing cards
  if (code >= 0x20000 && code <= 0x2fa1f) return 'ideograph'; // CJK extensions B–F
  return 'never';
}

/** The spacing modifiers text uses: ˆ ˇ ˉ ˘ ˙ ˚ ˛ ˜ ˝ and the ʻokina ʻ, ʼ; the rest are IPA. */
const SPACING_MODIFIERS_IN_USE = new Set([0x2c6, 0x2c7, 0x2c9, 0x2d8, 0x2d9, 0x2da, 0x2db, 0x2dc, 0x2dd, 0x2bb, 0x2bc]);

/** Latin Extended-B letters in current use: ƒ, Vietnamese ơ ư, Croatian digraphs, pinyin, Romanian ș ț. */
function isLatinExtendedBInUse(code: number): boolean {
  return code === 0x192 || (code >= 0x1a0 && code <= 0x1b0) || (code >= 0x1c4 && code <= 0x1dc) || code === 0x1e6 || code === 0x1e7 || (code >= 0x218 && code <= 0x21b);
}
