/** What a scan of JSON text that did not parse made of it. */
export interface RepairedJson {
  /** The text with every raw control character inside a string escaped (`\n`, `\u0007`, …). */
  text: string;
  /**
   * For text that ends before its last container closes (a truncated download): the text cut after
   * the last whole value inside the feed object or its items array, and those containers closed.
   */
  truncated?: string;
}

const CLOSERS: Record<string, string> = { '{': '}', '[': ']' };

/**
 * JSON.parse refuses two faults that real JSON Feeds have and that lose nothing when mended: raw
 * control characters inside strings (a pasted line break or tab), which are escaped; and a
 * document cut off before its end, which is cut back to its last whole item (or feed field) and
 * closed. Nothing is added but escapes and closing brackets. A hand-written scan, since no JSON
 * parser in the registry both keeps going past these faults and says where it stopped.
 */
export function repairJson(json: string): RepairedJson {
  const out: string[] = [];
  const open: string[] = [];
  let inString = false;
  let escaped = false;
  let runStart = 0;
  let safe: { length: number; closers: string } | undefined;
  for (let index = 0; index < json.length; index += 1) {
    const char = json[index]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      else if (char < ' ') {
        out.push(json.slice(runStart, index), escapeControl(char));
        runStart = index + 1;
      }
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{' || char === '[') open.push(char);
    else if (char === '}' || char === ']') {
      open.pop();
      // A whole value just ended inside the root object or one array under it (the items).
      if (open.length > 0 && open.length <= 2) {
        out.push(json.slice(runStart, index + 1));
        runStart = index + 1;
        safe = {
          length: out.length,
          closers: open
            .map((opener) => CLOSERS[opener])
            .reverse()
            .join(''),
        };
      }
    }
  }
  out.push(json.slice(runStart));
  const text = out.join('');
  if (open.length === 0 && !inString) return { text };
  return safe === undefined ? { text } : { text, truncated: out.slice(0, safe.length).join('') + safe.closers };
}

function escapeControl(char: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
  return named[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
