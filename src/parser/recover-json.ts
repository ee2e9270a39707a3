/** What a scan of JSON text that did not parse made of it. */
export interface RecoveredJson {
  /** The text with every raw control character inside a string escaped (`\n`, `\u0007`, …). */
  text: string;
  /**
   * For text that ends before its last container closes (a truncated download): the text cut after
   * the last whole value inside the root object or an array or object directly under it (the items,
   * the author), and the containers still open there closed.
   */
  truncated?: string;
}

const CLOSERS: Record<string, string> = { '{': '}', '[': ']' };
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
/** Raw control characters escaped at most: a real feed has a handful; a body of them is no feed. */
const MAX_CONTROL_CHARACTERS = 10_000;

/**
 * JSON.parse refuses two faults that real JSON Feeds have and that lose nothing when mended: raw
 * control characters inside strings (a pasted line break or tab), which are escaped; and a
 * document cut off before its end, which is cut back to its last whole item (or feed field) and
 * closed. Nothing is added but escapes and closing brackets. A hand-written scan, since no JSON
 * parser in the registry both keeps going past these faults and says where it stopped. Undefined
 * for text with more than MAX_CONTROL_CHARACTERS raw control characters in its strings.
 */
export function recoverJson(json: string): RecoveredJson | undefined {
  const parts: string[] = [];
  const open: string[] = [];
  let inString = false;
  let escaped = false;
  let copiedTo = 0;
  let controls = 0;
  /** Where the text may be cut: after `parts[0, parts)` and `json[from, at)`, with the closers it then needs. */
  let safe: { parts: number; from: number; at: number; closers: string } | undefined;
  for (let index = 0; index < json.length; index += 1) {
    const char = json[index]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      else if (char < ' ') {
        controls += 1;
        if (controls > MAX_CONTROL_CHARACTERS) return undefined;
        parts.push(json.slice(copiedTo, index), NAMED_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
        copiedTo = index + 1;
      }
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{' || char === '[') open.push(char);
    else if (char === '}' || char === ']') {
      open.pop();
      // A whole value just ended inside the root object or a container directly under it.
      if (open.length === 1 || open.length === 2) {
        const closers = open.length === 1 ? CLOSERS[open[0]!]! : CLOSERS[open[1]!]! + CLOSERS[open[0]!]!;
        safe = { parts: parts.length, from: copiedTo, at: index + 1, closers };
      }
    }
  }
  const text = parts.join('') + json.slice(copiedTo);
  if ((open.length === 0 && !inString) || safe === undefined) return { text };
  return { text, truncated: parts.slice(0, safe.parts).join('') + json.slice(safe.from, safe.at) + safe.closers };
}
