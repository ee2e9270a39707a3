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

import { byteOf, LOST, SEQUENCE_SOURCE, WINDOWS_1252_HIGH } from './mojibake-bytes.js';
import { isStray, neededFor } from './mojibake-characters.js';
import { evidenceOf, type Run, residualEvidence } from './mojibake-evidence.js';

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

const SEQUENCE = new RegExp(SEQUENCE_SOURCE, 'g');

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
