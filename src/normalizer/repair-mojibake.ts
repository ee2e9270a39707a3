/**
 * Repairs mojibake: UTF-8 text that was decoded once (or more) as windows-1252 or Latin-1, so that
 * `’` shows as `â€™`, `é` as `Ã©`, `…` as `â€¦`, `中` as `ä¸­`. Modelled on the encoding fix of
 * Python's ftfy (`fix_encoding`, its "badness" heuristic), narrowed to the one mix-up feeds carry.
 *
 * Hand-written rather than taken from npm: the fixers there are tables of Latin-1 look-alikes
 * (`Ã©` → `é` and the like) and repair no other script; `fix-utf8`, for one, repaired none of a set of
 * Cyrillic and CJK mojibake. Re-encoding to bytes and decoding those as UTF-8 repairs every script
 * with no table, and the UTF-8 decoder itself rejects most text that merely looks odd.
 *
 * The rule, per run of characters that has the exact shape of UTF-8 bytes read as windows-1252 (a
 * lead character Â–ß, à–ï or ð–ô followed by one, two or three characters whose windows-1252 byte is
 * a continuation byte 0x80–0xBF):
 * 1. the run's bytes must decode as UTF-8, strictly (`fatal`): no overlong form, no surrogate;
 * 2. what it decodes to (and, for text encoded twice or three times, what that decodes to in turn)
 *    must be text people write: letters of a script, punctuation, symbols, emoji; never a private-use
 *    or unassigned code point, a control, IPA, or one of the rare scripts (Syriac, NKo, Samaritan…)
 *    that accented capitals followed by punctuation happen to decode to;
 * 3. the run must carry enough evidence of being mojibake (see `evidenceOf`): characters that real
 *    text never puts right after a letter (C1 controls, `€ ‚ „ † ‡ ˆ ‰ ‹ ˜ ¢ ¤ ¦ ¨ ¬ ± ¼ ½`…) count
 *    most, punctuation that does follow words (`’ ” … » – ®`) counts little, `Â`/`Ã` as lead and a
 *    run inside a word add some, and the result must be less bad than the run;
 * 4. the characters around the run must not themselves be stray Latin-1 letters or symbols: text in
 *    some other legacy encoding read as windows-1252 (Big5, GB2312, TIS-620, KOI8-R…) is a sea of
 *    such characters in which UTF-8-shaped pairs occur by chance;
 * 5. one letter of another script glued to a Latin word or a number (`5×£35` is not `5ף35`) is left
 *    alone; Greek is the exception (`IL2RÎ³cKO` is `IL2RγcKO`).
 * Once a string has shown certain mojibake, its weaker runs are given the benefit of that (ftfy's
 * "inconsistent" mojibake), and an `Ã` before a space is read as `à` whose no-break space was lost.
 * Finally C1 controls left in the text become the windows-1252 characters they almost always were.
 */

/** windows-1252's characters for the bytes 0x80–0x9F; the five it leaves undefined keep their C1 control. */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** The byte each of windows-1252's non-Latin-1 characters stands for. */
const BYTE_OF_SPECIAL = new Map<number, number>();
for (let index = 0; index < WINDOWS_1252_HIGH.length; index += 1) {
  const code = WINDOWS_1252_HIGH.charCodeAt(index);
  if (code > 0xff) BYTE_OF_SPECIAL.set(code, 0x80 + index);
}

/** Stands in the byte stream for a U+FFFD found in a run: a byte some decoder already lost. */
const LOST = -1;

/** Characters that stand for a continuation byte 0x80–0xBF, as a regex class body. */
const CONTINUATION = `\\u0080-\\u00BF${[...BYTE_OF_SPECIAL.keys()].map((code) => `\\u${code.toString(16).padStart(4, '0')}`).join('')}`;
/** A continuation, or U+FFFD where a decoder replaced one it could not map (lossy mojibake). */
const CONTINUATION_OR_LOST = `[${CONTINUATION}\\uFFFD]`;

/**
 * One UTF-8 sequence as windows-1252 shows it. Leads: 0xC2–0xDF take one continuation, 0xE0–0xEF
 * two, 0xF0–0xF4 three (0xC0, 0xC1 and 0xF5+ never start valid UTF-8). A continuation may be
 * U+FFFD, a byte some decoder lost (the undefined 0x81, 0x8D, 0x8F, 0x90, 0x9D most often).
 */
const SEQUENCE = new RegExp(`[\\u00C2-\\u00DF]${CONTINUATION_OR_LOST}|[\\u00E0-\\u00EF]${CONTINUATION_OR_LOST}{2}|[\\u00F0-\\u00F4]${CONTINUATION_OR_LOST}{3}`, 'g');

/** SEQUENCE again, for scanning a repair while SEQUENCE's own scan of the text is under way. */
const RESIDUAL_SEQUENCE = new RegExp(SEQUENCE.source, 'g');

/**
 * The pre-check: without a possible lead character or a C1 control there is nothing to repair. Most
 * text (ASCII, and every script outside Latin-1) fails it at once.
 */
const SUSPICIOUS = /[\u0080-\u009F\u00C2-\u00F4]/;

/** C1 controls that windows-1252 gives a character. */
const MAPPABLE_C1 = /[\u0080\u0082-\u008C\u008E\u0091-\u009C\u009E\u009F]/g;

/**
 * Passes over the whole text, each unwinding one level of encoding: text encoded three times is
 * seen in the wild. Each level is judged as text of its own, with the whole string as context.
 */
const MAX_PASSES = 4;

const decoder = new TextDecoder('utf-8', { fatal: true });

export function repairMojibake(text: string): string {
  if (!SUSPICIOUS.test(text)) return text;
  // C1 controls first: Latin-1 and windows-1252 give them the same bytes, and as windows-1252
  // characters they no longer look like stray garbage beside a run (`pressureâ\u0080\u0099\u0085`).
  let current = mapC1Controls(text);
  const seen: Seen = { latin1Letters: false };
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const next = repairPass(current, seen);
    if (next === current) break;
    current = next;
  }
  return current.includes('Ã ') ? restoreLostNoBreakSpace(current, seen.latin1Letters) : current;
}

/** What the passes over a text found, for the rules that depend on the whole text. */
interface Seen {
  /** Whether a run led by `Ã` (Latin-1 letters as mojibake) was repaired on certain evidence. */
  latin1Letters: boolean;
}

/** C1 controls as windows-1252 reads their bytes (`\u0093` → `“`); the five undefined ones stay. */
function mapC1Controls(text: string): string {
  return text.replace(MAPPABLE_C1, (control) => WINDOWS_1252_HIGH.charAt(control.charCodeAt(0) - 0x80));
}

interface Run {
  start: number;
  end: number;
  /** [start, end) of each sequence in the run. */
  sequences: Array<[number, number]>;
}

interface Candidate {
  run: Run;
  /** What the run decodes to (C1 controls as windows-1252 characters). */
  repaired: string;
  evidence: number;
  /** Right single quotation marks among its continuations: they count only in a text already found to hold mojibake. */
  apostrophes: number;
  /** The evidence it needs on its own, and in a text already found to hold mojibake. */
  needed: number;
  neededInMojibake: number;
  /** Whether a lead of the run is `Ã`, the mojibake of Latin-1 letters. */
  latin1Letters: boolean;
}

/** One pass: every run judged, the accepted ones replaced. */
function repairPass(text: string, seen: Seen): string {
  const runs = findRuns(text);
  if (runs.length === 0) return text;
  const candidates: Candidate[] = [];
  for (const run of runs) {
    const candidate = judgeRun(text, run);
    if (candidate) candidates.push(candidate);
  }
  // A string that has shown certain mojibake (a run with evidence to spare, or two runs that pass on
  // their own) gives its weaker runs the benefit of the doubt. Each level is judged on its own: the
  // Latin-1 layer over `AHÅ™` is certain, and `AHÅ™` still stays.
  const passing = candidates.filter((candidate) => candidate.evidence >= candidate.needed);
  const certain = passing.length >= 2 || passing.some((candidate) => candidate.evidence >= candidate.needed + 1 && candidate.evidence >= 3);
  const accepted = candidates.filter((candidate) => (certain ? candidate.evidence + 1 + candidate.apostrophes >= candidate.neededInMojibake : candidate.evidence >= candidate.needed));
  if (accepted.length === 0) return text;
  let result = '';
  let at = 0;
  for (const { run, repaired } of accepted) {
    result += text.slice(at, run.start) + repaired;
    at = run.end;
  }
  result += text.slice(at);
  if (accepted.some((candidate) => candidate.latin1Letters && candidate.evidence >= 3)) seen.latin1Letters = true;
  return result;
}

/** Maximal runs of adjacent sequences. */
function findRuns(text: string): Run[] {
  const runs: Run[] = [];
  SEQUENCE.lastIndex = 0;
  for (let match = SEQUENCE.exec(text); match !== null; match = SEQUENCE.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;
    const last = runs[runs.length - 1];
    if (last && last.end === start) {
      last.end = end;
      last.sequences.push([start, end]);
    } else {
      runs.push({ start, end, sequences: [[start, end]] });
    }
  }
  return runs;
}

function judgeRun(text: string, run: Run): Candidate | undefined {
  const before = run.start > 0 ? text.charCodeAt(run.start - 1) : -1;
  const after = run.end < text.length ? text.charCodeAt(run.end) : -1;
  if (isStray(before) || isStray(after)) return undefined;
  const decoded = decodeRun(text, run);
  if (decoded === undefined) return undefined;
  // What the run decodes to may be mojibake itself (text encoded twice): the next pass takes that.
  const repaired = mapC1Controls(decoded);
  const need = neededFor(repaired, before, after);
  if (need === undefined) return undefined;
  const [needed, neededInMojibake] = need;
  const evidence = evidenceOf(run, text, before, after);
  const apostrophes = text.slice(run.start, run.end).split('’').length - 1;
  // "Less bad": what remains of mojibake in the repair must weigh less than the run did.
  if (residualEvidence(repaired) >= Math.max(1, evidence + apostrophes)) return undefined;
  return { run, repaired, evidence, apostrophes, needed, neededInMojibake, latin1Letters: runHasLead(text, run, 0xc3) };
}

function runHasLead(text: string, run: Run, lead: number): boolean {
  return run.sequences.some(([start]) => text.charCodeAt(start) === lead);
}

/** The run's bytes decoded as UTF-8, strictly; a sequence with a lost byte becomes U+FFFD. */
function decodeRun(text: string, run: Run): string | undefined {
  let result = '';
  for (const [start, end] of run.sequences) {
    const bytes = new Uint8Array(end - start);
    let lost = false;
    for (let index = start; index < end; index += 1) {
      const byte = byteOf(text.charCodeAt(index));
      if (byte === LOST) lost = true;
      bytes[index - start] = byte === LOST ? 0x80 : byte;
    }
    if (lost) {
      // A byte is gone: the sequence stands for one character no one can know, U+FFFD, provided
      // its other bytes fit some valid sequence.
      if (!validWithSomeContinuation(bytes, text.charCodeAt(start + 1) === 0xfffd)) return undefined;
      result += '\uFFFD';
      continue;
    }
    try {
      result += decoder.decode(bytes);
    } catch {
      return undefined;
    }
  }
  return result;
}

/** Whether a sequence with lost bytes is valid UTF-8 for some choice of them: only a second byte is range-limited. */
function validWithSomeContinuation(bytes: Uint8Array, secondLost: boolean): boolean {
  if (secondLost) return true;
  const lead = bytes[0] ?? 0;
  const second = bytes[1] ?? 0;
  if (lead === 0xe0) return second >= 0xa0;
  if (lead === 0xed) return second <= 0x9f;
  if (lead === 0xf0) return second >= 0x90;
  if (lead === 0xf4) return second <= 0x8f;
  return true;
}

function isContinuation(code: number): boolean {
  return (code >= 0x80 && code <= 0xbf) || BYTE_OF_SPECIAL.has(code);
}

function byteOf(code: number): number {
  if (code === 0xfffd) return LOST;
  if (code <= 0xff) return code;
  return BYTE_OF_SPECIAL.get(code) ?? LOST;
}

/**
 * Characters that never come right after a letter in real text, as continuation characters of a
 * run: strong evidence. The rest of the continuation set is punctuation that does follow words
 * (`’ ” “ ‘ » « … – — · • ™ ® ¡ ¿ ´` and the no-break space): weak evidence. The letters
 * `Š š Ž ž Œ œ Ÿ` are strong too, except after the acute vowels that Czech and Slovak put before
 * them (`PROHLÍŽEČ`).
 */
const STRONG = new Set([...'€‚ƒ„†‡ˆ‰‹˜¢£¤¥¦§¨©ª¬\u00AD¯°±²³µ¶¸¹º¼½¾›ŠšŽžŒœŸ'].map((character) => character.charCodeAt(0)));
const LETTER_CONTINUATIONS = new Set([...'ŠšŽžŒœŸ'].map((character) => character.charCodeAt(0)));
const ACUTE_VOWELS = new Set([...'ÉÍÓÚÝéíó'].map((character) => character.charCodeAt(0)));

function weightOf(code: number, lead: number): number {
  if (code >= 0x80 && code <= 0x9f) return 3; // a C1 control: nobody writes one
  if (LETTER_CONTINUATIONS.has(code) && ACUTE_VOWELS.has(lead)) return 1;
  if (code === 0xfffd) return 1; // a byte already lost: the text is damaged, not necessarily mojibake
  if (code === 0x2019) return 0; // ’ after a capital is a possessive (ZZAJÉ’s), not a sign of anything alone
  return STRONG.has(code) ? 2 : 1;
}

/**
 * How sure the run is mojibake: the weight of its continuation characters, one more for each lead
 * `Â` or `Ã` (no word has them before punctuation), one more when the run sits inside a word
 * (`HÃ´tel`, `NicolÃ¡s`: no language puts punctuation there), unless the run holds a no-break space,
 * which legitimately separates words.
 */
function evidenceOf(run: Run, text: string, before: number, after: number): number {
  let evidence = 0;
  let hasNoBreakSpace = false;
  for (const [start, end] of run.sequences) {
    evidence += sequenceEvidence(text, start, end);
    if (text.slice(start, end).includes('\u00A0')) hasNoBreakSpace = true;
  }
  if (!hasNoBreakSpace && isLetter(before) && isLetter(after)) evidence += 1;
  return evidence;
}

/**
 * One sequence's weight: its continuation characters', one more for a lead `Â` or `Ã`. A lead
 * followed only by U+FFFD weighs nothing: `é��` is damaged text, not necessarily mojibake.
 */
function sequenceEvidence(text: string, start: number, end: number): number {
  const lead = text.charCodeAt(start);
  let evidence = 0;
  let real = false;
  for (let index = start + 1; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (code !== 0xfffd) real = true;
    evidence += weightOf(code, lead);
  }
  if (!real) return 0;
  return lead === 0xc2 || lead === 0xc3 ? evidence + 1 : evidence;
}

/** Evidence left in a repair: what its own UTF-8-shaped sequences would score (0 when none). */
function residualEvidence(repaired: string): number {
  let evidence = 0;
  const pattern = RESIDUAL_SEQUENCE;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(repaired); match !== null; match = pattern.exec(repaired)) evidence += sequenceEvidence(repaired, match.index, match.index + match[0].length);
  for (const character of repaired) {
    const code = character.codePointAt(0) ?? 0;
    if (code >= 0x80 && code <= 0x9f) evidence += 3;
  }
  return evidence;
}

/**
 * A letter, number or symbol of windows-1252's upper half, or a C1 control, beside a run: the run is
 * more likely a chance pair in text of another legacy encoding read as windows-1252 than mojibake.
 * Punctuation and spaces are fine neighbours (`â€œquotesâ€¦”`).
 */
function isStray(code: number): boolean {
  if (code < 0x80) return false;
  if (code <= 0x9f) return true;
  if (code <= 0xff) return !NEIGHBOURLY.has(code);
  // Latin Extended-A and -B, IPA, modifiers: what windows-1250 or -1257 mojibake is made of.
  if (code <= 0x2ff) return true;
  return code === 0x20ac || code === 0x2020 || code === 0x2021 || code === 0x2030;
}

/** Latin-1 punctuation that may stand beside a run in text that is otherwise fine. */
const NEIGHBOURLY = new Set([0xa0, 0xa1, 0xa7, 0xa9, 0xab, 0xad, 0xae, 0xb0, 0xb4, 0xb6, 0xb7, 0xbb, 0xbf]);

function isLetter(code: number): boolean {
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
function neededFor(repaired: string, before: number, after: number): [number, number] | undefined {
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

/**
 * `Ã` before a space and a word: `à` whose second byte, a no-break space, became a plain space on the
 * way (`jusqu'Ã nos jours`). Only where the text already showed Latin-1 letters as mojibake, or where
 * the `Ã` ends a lower-case word (`voilÃ le`), which no language writes: `C O N C L U S Ã O` and
 * `testing Ã entity` stay.
 */
function restoreLostNoBreakSpace(text: string, latin1Letters: boolean): string {
  return text.replace(latin1Letters ? AFTER_A_WORD_BOUNDARY_OR_LETTER : AFTER_A_LOWER_CASE_LETTER, '$1à');
}
const AFTER_A_WORD_BOUNDARY_OR_LETTER = /(^|[\s'’\p{L}])Ã(?= \p{L})/gu;
const AFTER_A_LOWER_CASE_LETTER = /(\p{Ll})Ã(?= \p{L})/gu;
