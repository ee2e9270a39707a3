/** The first fault in a text that is not JSON: where it is (a UTF-16 offset) and what is wrong, in a few words. */
export interface JsonSyntaxError {
  offset: number;
  reason: string;
}

/** 1-based, as editors count; the column in UTF-16 code units. */
export interface TextPosition {
  line: number;
  column: number;
}

class Fault extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/**
 * Scans `text` as JSON (RFC 8259) and returns its first fault, or undefined when it is valid. For
 * the message of a text JSON.parse refused: V8's messages differ between versions, and some give
 * no position at all (`Unexpected token '}', "…" is not valid JSON`, quoting the text around it).
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const at = (reason: string, offset = i): Fault => new Fault(offset, reason);
  const skipSpace = () => {
    while (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r') i++;
  };
  const unexpected = (expected: string): Fault => at(`expected ${expected}, found ${i >= text.length ? 'the end of the file' : JSON.stringify(text[i])}`);

  const string = () => {
    i++;
    while (text[i] !== '"') {
      if (i >= text.length) throw at('a string is not closed (no ending ")');
      const code = text.charCodeAt(i);
      if (code < 0x20) throw at('a line break or control character inside a string (write it as \\n or \\u00XX)');
      if (text[i] === '\\') {
        ESCAPE.lastIndex = i;
        if (!ESCAPE.test(text)) throw at('an invalid escape in a string');
        i = ESCAPE.lastIndex;
      } else {
        i++;
      }
    }
    i++;
  };

  const members = (close: '}' | ']', member: () => void, what: string) => {
    i++;
    skipSpace();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      member();
      skipSpace();
      if (text[i] === close) {
        i++;
        return;
      }
      if (text[i] !== ',') throw unexpected(`',' or '${close}' after ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what}`);
      const comma = i;
      i++;
      skipSpace();
      if (text[i] === close) throw at(`a trailing comma after the last ${what}`, comma);
    }
  };

  const value = (): void => {
    skipSpace();
    const first = text[i];
    if (first === '{') {
      members(
        '}',
        () => {
          if (text[i] !== '"') throw unexpected('a property name in double quotes');
          string();
          skipSpace();
          if (text[i] !== ':') throw unexpected("':' after the property name");
          i++;
          value();
        },
        'property',
      );
    } else if (first === '[') {
      members(']', value, 'array element');
    } else if (first === '"') {
      string();
    } else {
      for (const pattern of [NUMBER, LITERAL]) {
        pattern.lastIndex = i;
        if (pattern.test(text)) {
          i = pattern.lastIndex;
          return;
        }
      }
      throw unexpected('a value');
    }
  };

  try {
    value();
    skipSpace();
    if (i < text.length) throw at(`more after the end of the JSON value, from ${JSON.stringify(text[i])}`);
    return undefined;
  } catch (error) {
    if (error instanceof Fault) return { offset: error.offset, reason: error.reason };
    // Nested deeper than the stack goes: no position to give (the caller says what JSON.parse said).
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** The line and column of `offset` in `text`. */
export function positionOf(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let j = text.indexOf('\n'); j !== -1 && j < offset; j = text.indexOf('\n', j + 1)) {
    line++;
    lineStart = j + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
