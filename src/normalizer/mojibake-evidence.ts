import { isLetter } from './mojibake-characters.js';
import { SEQUENCE_SOURCE } from './mojibake-bytes.js';

/** A maximal run of adjacent UTF-8-shaped sequences in a text. */
export interface Run {
  start: number;
  end: number;
  /** [start, end) of each sequence in the run. */
  sequences: Array<[number, number]>;
}

/** The shape of a sequence, for scanning a repair while the text's own scan is under way. */
const RESIDUAL_SEQUENCE = new RegExp(SEQUENCE_SOURCE, 'g');

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
export function evidenceOf(run: Run, text: string, before: number, after: number): number {
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
export function residualEvidence(repaired: string): number {
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
