import { parse } from 'yaml';

/** How a string is written in the front matter: the `yaml` package's names for the scalar styles. */
export type ScalarStyle = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL';

/*
 * The quoting rule of the archive's front matter: the one gray-matter 4 applies through js-yaml 3
 * (its dumper's chooseScalarStyle with lineWidth -1), so that a file reads, byte for byte, like the
 * ones a site's own tools write (the seed documents are such files). Plain when nothing in the text
 * could be read otherwise; single-quoted when it starts with an indicator (- ? : , [ ] { } # & * !
 * | = > ' " % @ `), holds a colon, a flow indicator (, [ ] { }) or a # after a space, ends in a
 * space, or would be read as another type (a date, a number, null, true, yes, ~); a literal block
 * when it holds a line break; double-quoted, with escapes, when it holds a character YAML does not
 * print as is (controls, U+2028, U+FEFF), or a line break after a blank first line, before a
 * trailing space or after a last line of spaces (which js-yaml 3 writes as a literal block with
 * indicators other than `yaml`'s).
 *
 * Where it departs from js-yaml 3, it is towards every reader: characters outside the Basic
 * Multilingual Plane (emoji) are printable here, as YAML 1.2 and js-yaml 4 say, where js-yaml 3
 * escapes each UTF-16 half (`"\U0001F680"`); and a text YAML 1.2 reads as a number that YAML 1.1
 * does not (`0o17`, and `+0o17`, which js-yaml 4 reads so) is quoted too. Double-quoted text is escaped by the `yaml` package's own rules:
 * a line separator or a BOM stays as it is inside the quotes, where js-yaml 3 writes `\L`, `\uFEFF`.
 */
export function scalarStyleOf(text: string): ScalarStyle {
  if (text === '') return 'QUOTE_SINGLE';
  const first = text.codePointAt(0)!;
  const last = text.charCodeAt(text.length - 1);
  let plain = isPlainSafeFirst(first) && !isWhitespace(last);
  let lineBreak = false;
  let previous: number | undefined;
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (code === LINE_FEED) {
      lineBreak = true;
      plain = false;
    } else if (!isPrintable(code)) {
      return 'QUOTE_DOUBLE';
    } else if (plain && !isPlainSafe(code, previous)) {
      plain = false;
    }
    previous = code;
  }
  if (lineBreak) return isLiteralSafe(text) ? 'BLOCK_LITERAL' : 'QUOTE_DOUBLE';
  return plain && readsAsText(text) ? 'PLAIN' : 'QUOTE_SINGLE';
}

const LINE_FEED = 0x0a;

/** YAML 1.1's booleans beyond true and false, which js-yaml 3 always quotes, and its merge key. */
const READ_OTHERWISE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', '<<']);

/** A signed YAML 1.2 octal (`+0o6`): a number to js-yaml 4, which takes a sign before any base; text to `yaml`'s schemas. */
const SIGNED_OCTAL = /^[-+]0o[0-7]+$/;

/**
 * Whether a plain scalar of this text reads back as this text, under YAML 1.1 (js-yaml 3, gray-matter)
 * and YAML 1.2 (js-yaml 4, yaml) alike. Only a text that starts like a number, a date, null, a
 * boolean or a merge key can read otherwise; the rest is not parsed.
 */
function readsAsText(text: string): boolean {
  if (READ_OTHERWISE.has(text) || SIGNED_OCTAL.test(text)) return false;
  const first = text.charAt(0);
  const couldBeKeyword = text.length <= 5 && /^[nNtTfF~]/.test(first);
  if (!couldBeKeyword && !/^[-+.0-9]/.test(first)) return true;
  const line = `k: ${text}`;
  return (['yaml-1.1', 'core'] as const).every((schema) => {
    const value = (parse(line, { schema }) as { k?: unknown } | null)?.k;
    return value === text;
  });
}

/**
 * A literal block whose first line is blank, whose text ends in a space, or whose last line break
 * follows a line of spaces after another line break (`a\n \n`: `|+` here, `|` in js-yaml 3, which
 * keeps trailing line breaks only after an empty line) is written by `yaml` otherwise than by
 * js-yaml 3 (indented blank lines, other indicators): such a text is double-quoted.
 */
function isLiteralSafe(text: string): boolean {
  return /^[^\n]*[^\s][^\n]*\n/.test(text) && !isWhitespace(text.charCodeAt(text.length - 1)) && !/\n[ \t\n]*[ \t]\n$/.test(text);
}

/** js-yaml 3's isPrintable, taken per code point: YAML's printable characters less \t, NEL, NBSP, U+2028/9 and the BOM. */
function isPrintable(code: number): boolean {
  return (
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa1 && code <= 0xd7ff && code !== 0x2028 && code !== 0x2029) ||
    (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

function isNsChar(code: number): boolean {
  return isPrintable(code) && !isWhitespace(code) && code !== 0xfeff && code !== 0x0d && code !== LINE_FEED;
}

/** After the first character: no flow indicator, no colon, and a # only right after a non-space. */
function isPlainSafe(code: number, previous: number | undefined): boolean {
  if (!isPrintable(code) || code === 0xfeff) return false;
  if (',[]{}:'.includes(String.fromCodePoint(code))) return false;
  return code !== 0x23 || (previous !== undefined && isNsChar(previous));
}

/** The first character: none of YAML's indicators, and no space. */
function isPlainSafeFirst(code: number): boolean {
  return isPrintable(code) && code !== 0xfeff && !isWhitespace(code) && !'-?:,[]{}#&*!|=>\'"%@`'.includes(String.fromCodePoint(code));
}
