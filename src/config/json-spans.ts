/** Where one value sits in a JSON text: `text.slice(start, end)` is the value as written. */
export interface Span {
  start: number;
  end: number;
}

/** An array member of the root object: its brackets and each element's span. */
export interface ArraySpans {
  /** Index of `[`. */
  open: number;
  /** Index of `]`. */
  close: number;
  elements: Span[];
}

/**
 * Finds the array under `key` in the root object of `text`, which must already be valid JSON
 * (JSON.parse accepted it). Returns undefined when the root has no such member or it is not an
 * array. A key written twice is taken at its last occurrence, as JSON.parse does.
 */
export function locateRootArray(text: string, key: string): ArraySpans | undefined {
  let found: ArraySpans | undefined;
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return undefined;
  i = skipSpace(text, i + 1);
  while (i < text.length && text[i] !== '}') {
    const keyEnd = skipString(text, i);
    const name = JSON.parse(text.slice(i, keyEnd)) as string;
    const valueStart = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const valueEnd = skipValue(text, valueStart);
    if (name === key) found = text[valueStart] === '[' ? arraySpans(text, valueStart) : undefined;
    i = skipSpace(text, valueEnd);
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return found;
}

function arraySpans(text: string, open: number): ArraySpans {
  const elements: Span[] = [];
  let i = skipSpace(text, open + 1);
  while (i < text.length && text[i] !== ']') {
    const end = skipValue(text, i);
    elements.push({ start: i, end });
    i = skipSpace(text, end);
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return { open, close: i, elements };
}

/** The index just past the value starting at `i`. */
function skipValue(text: string, i: number): number {
  const first = text[i];
  if (first === '"') return skipString(text, i);
  if (first === '{' || first === '[') {
    const closing = first === '{' ? '}' : ']';
    let j = skipSpace(text, i + 1);
    while (j < text.length && text[j] !== closing) {
      j = skipValue(text, j);
      j = skipSpace(text, j);
      // An object member: the key was skipped above; now the colon and its value.
      if (text[j] === ':') j = skipValue(text, skipSpace(text, j + 1));
      j = skipSpace(text, j);
      if (text[j] === ',') j = skipSpace(text, j + 1);
    }
    return j + 1;
  }
  // A number, true, false or null: runs to the next delimiter.
  let j = i;
  while (j < text.length && !/[\s,\]}]/.test(text[j]!)) j++;
  return j;
}

function skipString(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  return j + 1;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}
