/** windows-1252's bytes, and the shape of UTF-8 sequences as windows-1252 shows them. */

/** windows-1252's characters for the bytes 0x80–0x9F; the five it leaves undefined keep their C1 control. */
export const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** The byte each of windows-1252's non-Latin-1 characters stands for. */
export const BYTE_OF_SPECIAL = new Map<number, number>();
for (let index = 0; index < WINDOWS_1252_HIGH.length; index += 1) {
  const code = WINDOWS_1252_HIGH.charCodeAt(index);
  if (code > 0xff) BYTE_OF_SPECIAL.set(code, 0x80 + index);
}

/** Stands in the byte stream for a U+FFFD found in a run: a byte some decoder already lost. */
export const LOST = -1;

/** Characters that stand for a continuation byte 0x80–0xBF, as a regex class body. */
const CONTINUATION = `\\u0080-\\u00BF${[...BYTE_OF_SPECIAL.keys()].map((code) => `\\u${code.toString(16).padStart(4, '0')}`).join('')}`;
/** A continuation, or U+FFFD where a decoder replaced one it could not map (lossy mojibake). */
const CONTINUATION_OR_LOST = `[${CONTINUATION}\\uFFFD]`;

/**
 * One UTF-8 sequence as windows-1252 shows it. Leads: 0xC2–0xDF take one continuation, 0xE0–0xEF
 * two, 0xF0–0xF4 three (0xC0, 0xC1 and 0xF5+ never start valid UTF-8). A continuation may be
 * U+FFFD, a byte some decoder lost (the undefined 0x81, 0x8D, 0x8F, 0x90, 0x9D most often).
 */
export const SEQUENCE_SOURCE = `[\\u00C2-\\u00DF]${CONTINUATION_OR_LOST}|[\\u00E0-\\u00EF]${CONTINUATION_OR_LOST}{2}|[\\u00F0-\\u00F4]${CONTINUATION_OR_LOST}{3}`;

export function isContinuation(code: number): boolean {
  return (code >= 0x80 && code <= 0xbf) || BYTE_OF_SPECIAL.has(code);
}

export function byteOf(code: number): number {
  if (code === 0xfffd) return LOST;
  if (code <= 0xff) return code;
  return BYTE_OF_SPECIAL.get(code) ?? LOST;
}
