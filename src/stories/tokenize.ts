import { ENGLISH_STOP_WORDS } from './stop-words.js';

/** One term of an item's text: how often it occurs (title occurrences weighted) and whether it reads as a name. */
export interface TermCount {
  count: number;
  entity: boolean;
}

/** Words: letters and digits, joined by inner dots, apostrophes and ampersands (`U.S.`, `5.2`, `AT&T`, `Kwon's`); hyphens split. */
const WORD = /[\p{L}\p{N}]+(?:[.'&][\p{L}\p{N}]+)*/gu;
/** Where a new sentence (or headline clause) starts: after . ! ? : ; or around a dash or bar. */
const CLAUSE_BREAK = /[.!?:;]\s+|\s[-–—|]\s/gu;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const LETTER = /\p{L}/u;
const DIGIT = /\p{N}/u;

/** What a word's capitals say, read in one pass (ASCII directly, other characters by Unicode class). */
interface Shape {
  letters: number;
  /** Some letter after the first character is lower-case. */
  lowerAfterFirst: boolean;
  firstUpper: boolean;
  /** Some letter after the first character is upper-case. */
  upperAfterFirst: boolean;
}

function shapeOf(word: string): Shape {
  const shape: Shape = { letters: 0, lowerAfterFirst: false, firstUpper: false, upperAfterFirst: false };
  let index = 0;
  for (const char of word) {
    const code = char.charCodeAt(0);
    const upper = code < 128 ? code >= 65 && code <= 90 : UPPER.test(char);
    const lower = code < 128 ? code >= 97 && code <= 122 : LOWER.test(char);
    if (upper || lower || (code >= 128 && LETTER.test(char))) shape.letters += 1;
    if (index === 0) shape.firstUpper = upper;
    else {
      shape.lowerAfterFirst ||= lower;
      shape.upperAfterFirst ||= upper;
    }
    index += 1;
  }
  return shape;
}

/** All capitals, two letters or more (`SEC`, `DTCC`, and shouting). */
function isAllCaps(shape: Shape | undefined): boolean {
  return shape !== undefined && shape.letters >= 2 && !shape.lowerAfterFirst && (shape.firstUpper || shape.upperAfterFirst);
}

/**
 * A name as its capitals show it: inner capitals (`CoreWeave`, `deBridge`, `PayPal`) or all capitals
 * of two letters or more (`SEC`, `DTCC`, `PYUSD`). Plain capitalized words are names only where the
 * text is in sentence case and the word does not start its clause; see `addTerms`.
 */
function isNameByCapitals(shape: Shape): boolean {
  return shape.letters >= 2 && (isAllCaps(shape) || shape.upperAfterFirst);
}

/** `Kwon's` → `Kwon`, `don't` → `dont`, `U.S.` → `US`, `1.44B` stays. */
function cleanWord(word: string): string {
  const unpossessed = word.replace(/'s$/iu, '');
  if (/^(?:\p{L}\.)+\p{L}?$/u.test(unpossessed)) return unpossessed.replace(/\./gu, '');
  return unpossessed.replace(/'/gu, '');
}

/**
 * A light English stemmer: plurals and third persons only (`miners` → `miner`, `policies` →
 * `policy`, `launches` → `launch`), enough to match a headline's word with its description's.
 */
function stemEnglish(term: string): string {
  if (term.length > 4 && term.endsWith('ies')) return `${term.slice(0, -3)}y`;
  if (term.length > 4 && /(?:ss|ch|sh|x|z)es$/u.test(term)) return term.slice(0, -2);
  if (term.length > 3 && term.endsWith('s') && !'sui'.includes(term[term.length - 2]!) && !DIGIT.test(term)) return term.slice(0, -1);
  return term;
}

/** Digits grouped by thousands (`83,000`, `1,665`): the commas go. */
const THOUSANDS = /(?<=\d),(?=\d{3}(?!\d))/gu;
/** A number with a scale letter (`83k`, `$1.44B`, `3.8m`, `2bn`). */
const SCALED = /^(\d+(?:\.\d+)?)(k|m|mn|b|bn|t|tn)$/u;
const SCALES: Readonly<Record<string, number>> = { k: 1e3, thousand: 1e3, m: 1e6, mn: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9, t: 1e12, tn: 1e12, trillion: 1e12 };
/** Scale words after a number (`$3.8 million`): read into the number, not kept as words. */
const SCALE_WORDS: ReadonlySet<string> = new Set(['thousand', 'million', 'billion', 'trillion']);

/**
 * One spelling for an amount, so that `$83,000`, `$83K` and `83 thousand` are one term (`83000`):
 * a number of a thousand or more is written out in digits; smaller numbers stay as they are
 * (`5.2`, `15`).
 */
function amount(value: number, written: string): string {
  return value >= 1000 && Number.isFinite(value) ? String(Math.round(value)) : written;
}

/** An English number's term: an amount with a scale letter or a following scale word read as digits (see `amount`). */
function numberTerm(lower: string, next: string | undefined): string {
  const scaled = SCALED.exec(lower);
  if (scaled) return amount(Number(scaled[1]) * SCALES[scaled[2]!]!, lower);
  if (next !== undefined && SCALE_WORDS.has(next) && /^\d+(?:\.\d+)?$/u.test(lower)) return amount(Number(lower) * SCALES[next]!, lower);
  return amount(/^\d+$/u.test(lower) ? Number(lower) : Number.NaN, lower);
}

/** Whether a text is written in title case: most of its longer words capitalized (then capitals say nothing about names). */
function isTitleCase(words: readonly string[]): boolean {
  const long = words.filter((word) => word.length > 3 && /^\p{L}/u.test(word) && !ENGLISH_STOP_WORDS.has(word.toLowerCase()));
  if (long.length < 3) return false;
  const capitalized = long.filter((word) => UPPER.test(word[0]!)).length;
  return capitalized / long.length >= 0.6;
}

/**
 * Adds the terms of one text (a title or a description) to `into`, each occurrence counting
 * `weight`. Words are lower-cased; numbers are kept (`15`, `1.44b`), single letters and digits
 * dropped; English drops its stop words and plural endings. A word is a name (`entity`) when its
 * capitals say so, or when it is capitalized inside a clause of a sentence-case text.
 */
export function addTerms(into: Map<string, TermCount>, text: string, weight: number, english: boolean): void {
  const normalized = text
    .normalize('NFKC')
    .replace(/[’‘`´]/gu, "'")
    .replace(THOUSANDS, '');
  const clauses = normalized.split(CLAUSE_BREAK);
  const titleCase = isTitleCase(normalized.match(WORD) ?? []);
  for (const clause of clauses) {
    const matches = [...clause.matchAll(WORD)];
    const words = matches.map((match) => cleanWord(match[0]));
    const shapes = words.map(shapeOf);
    // A number and a scale word right after it, with nothing but a space between (`3.8 million`).
    const scaledBy = (position: number) => {
      const next = matches[position + 1];
      const match = matches[position]!;
      return next !== undefined && /^\s+$/u.test(clause.slice(match.index + match[0].length, next.index)) && SCALE_WORDS.has(next[0].toLowerCase()) ? next[0].toLowerCase() : undefined;
    };
    for (const [position, word] of words.entries()) {
      const first = position === 0;
      if (word.length < 2) continue;
      const shape = shapes[position]!;
      // Capitals next to capitals are shouting or a dateline ("RIGHT NOW", "NEW ORLEANS"), not an acronym.
      const allCapsOrInner = isNameByCapitals(shape) && !(isAllCaps(shape) && (isAllCaps(shapes[position - 1]) || isAllCaps(shapes[position + 1])));
      const lower = word.toLowerCase();
      if (english && !allCapsOrInner && ENGLISH_STOP_WORDS.has(lower)) continue;
      const numeric = DIGIT.test(word[0]!);
      if (english && position > 0 && SCALE_WORDS.has(lower) && DIGIT.test(words[position - 1]![0]!) && scaledBy(position - 1) !== undefined) continue;
      const term = english ? (numeric ? numberTerm(lower, scaledBy(position)) : stemEnglish(lower)) : lower;
      const capitalized = shape.firstUpper && shape.lowerAfterFirst;
      const entity = !numeric && (allCapsOrInner || (!titleCase && !first && capitalized));
      const seen = into.get(term);
      if (seen) {
        seen.count += weight;
        seen.entity ||= entity;
      } else {
        into.set(term, { count: weight, entity });
      }
    }
  }
}
