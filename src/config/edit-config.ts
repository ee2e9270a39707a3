import { ConfigError } from '../errors/index.js';
import { locateRootArray, type Span } from './json-spans.js';
import { parseConfig } from './load-config.js';
import { SourceConfigSchema, type Config } from './schema.js';
import { escapeReferences } from './substitute-env.js';

/** A source as it is written into the file: only the fields that differ from the defaults. */
export interface NewSource {
  key: string;
  name: string;
  url: string;
  category?: string;
  tags?: string[];
  schedule?: string;
  enabled?: boolean;
}

/**
 * Appends sources to the "sources" array of a config file's text, changing nothing else: the rest
 * of the file keeps its bytes, and the new entries copy the layout of the existing ones (one line
 * each, or one line per field with the same indentation). The result is re-parsed with the config
 * schema and must hold exactly the old sources plus the new ones; a ConfigError says why not.
 * Pure: `file` only names the file in messages.
 */
export function appendSources(file: string, text: string, sources: readonly NewSource[]): { text: string; config: Config } {
  const before = parseConfig(file, text);
  if (sources.length === 0) return { text, config: before };
  const array = locateRootArray(text, 'sources');
  if (!array) throw new ConfigError(file, [{ path: 'sources', message: 'not found as an array in the file' }]);

  const style = detectStyle(text, array.elements, array.open);
  const rendered = sources.map((source) => renderSource(escapeStrings(toOrderedEntry(source)), style));
  const last = array.elements.at(-1);
  const edited = last
    ? text.slice(0, last.end) + rendered.map((entry) => style.separator + entry).join('') + text.slice(last.end)
    : text.slice(0, array.open + 1) + style.emptyOpen + rendered.join(style.separator) + style.emptyClose + text.slice(array.close);

  const after = parseConfig(file, edited);
  assertOnlyAppended(file, before, after, sources);
  return { text: edited, config: after };
}

interface Style {
  /** Between an element and the next: `,\n    ` or `, `. */
  separator: string;
  /** Every element on one line (`{ "key": "a", … }`) or one field per line. */
  inline: boolean;
  /** Inline: `{ ` or `{`, `": "` or `":"`, `, ` or `,`. */
  braceSpace: string;
  colon: string;
  comma: string;
  /** Block: indentation of the element and of one level inside it. */
  indent: string;
  unit: string;
  eol: string;
  /** What goes between `[` and the first element, and after the last, when the array was empty. */
  emptyOpen: string;
  emptyClose: string;
}

function detectStyle(text: string, elements: readonly Span[], open: number): Style {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const unit = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  const last = elements.at(-1);
  return last ? styleOfElements(text, elements, last, eol, unit) : styleOfEmpty(text, open, eol, unit);
}

/** Copies the last element: its line layout, its spacing, and what separates it from the one before. */
function styleOfElements(text: string, elements: readonly Span[], last: Span, eol: string, unit: string): Style {
  const sample = text.slice(last.start, last.end);
  const indent = lineIndent(text, last.start);
  const startsLine = /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', last.start - 1) + 1, last.start));
  const previous = elements.at(-2);
  const separator = startsLine ? `,${eol}${indent}` : previous ? text.slice(previous.end, last.start) : ', ';
  const inline = !sample.includes('\n');
  const innerIndent = /\n([ \t]*)\S/.exec(sample)?.[1] ?? '';
  return {
    separator,
    inline,
    braceSpace: /^\{\s/.test(sample) ? ' ' : '',
    colon: /"\s*:\s/.test(sample) ? ': ' : ':',
    comma: /,\s/.test(sample) || !sample.includes(',') ? ', ' : ',',
    indent,
    unit: innerIndent.length > indent.length ? innerIndent.slice(indent.length) : unit,
    eol,
    emptyOpen: '',
    emptyClose: '',
  };
}

/** No element to copy: one field per line, one level deeper than the line of `"sources"`; a one-line file stays one line. */
function styleOfEmpty(text: string, open: number, eol: string, unit: string): Style {
  if (!text.trim().includes('\n')) {
    return { separator: ',', inline: true, braceSpace: '', colon: ':', comma: ',', indent: '', unit: '', eol, emptyOpen: '', emptyClose: '' };
  }
  const keyIndent = lineIndent(text, open);
  const indent = keyIndent + unit;
  return {
    separator: `,${eol}${indent}`,
    inline: false,
    braceSpace: '',
    colon: ': ',
    comma: ', ',
    indent,
    unit,
    eol,
    emptyOpen: `${eol}${indent}`,
    emptyClose: `${eol}${keyIndent}`,
  };
}

/** The whitespace that opens the line holding `index`. */
function lineIndent(text: string, index: number): string {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/** Field order as in the shipped config; defaults (no tags, enabled) left out. */
function toOrderedEntry(source: NewSource): Record<string, unknown> {
  return {
    key: source.key,
    name: source.name,
    url: source.url,
    ...(source.category === undefined ? {} : { category: source.category }),
    ...(source.tags && source.tags.length > 0 ? { tags: source.tags } : {}),
    ...(source.schedule === undefined ? {} : { schedule: source.schedule }),
    ...(source.enabled === false ? { enabled: false } : {}),
  };
}

/** A feed's title may hold a literal `${` (a shell blog's): escaped, it is not read as a variable. */
function escapeStrings(entry: Record<string, unknown>): Record<string, unknown> {
  const escaped = (value: unknown): unknown => (typeof value === 'string' ? escapeReferences(value) : Array.isArray(value) ? value.map(escaped) : value);
  return Object.fromEntries(Object.entries(entry).map(([name, value]) => [name, escaped(value)]));
}

function renderSource(entry: Record<string, unknown>, style: Style): string {
  if (style.inline) {
    const fields = Object.entries(entry).map(([name, value]) => `${JSON.stringify(name)}${style.colon}${renderInlineValue(value, style)}`);
    return `{${style.braceSpace}${fields.join(style.comma)}${style.braceSpace}}`;
  }
  return JSON.stringify(entry, null, style.unit).split('\n').join(`${style.eol}${style.indent}`);
}

function renderInlineValue(value: unknown, style: Style): string {
  return Array.isArray(value) ? `[${value.map((v) => JSON.stringify(v)).join(style.comma)}]` : JSON.stringify(value);
}

/**
 * The edit must have added these sources at the end, each read back whole as given (the schema's
 * defaults filled in), and touched nothing else the schema sees.
 */
function assertOnlyAppended(file: string, before: Config, after: Config, added: readonly NewSource[]): void {
  const kept = after.sources.slice(0, before.sources.length);
  const appended = after.sources.slice(before.sources.length);
  const isExact =
    JSON.stringify({ ...after, sources: kept }) === JSON.stringify(before) &&
    appended.length === added.length &&
    appended.every((source, i) => {
      const given = SourceConfigSchema.safeParse(toOrderedEntry(added[i]!));
      return given.success && JSON.stringify(source) === JSON.stringify(given.data);
    });
  if (!isExact) {
    throw new ConfigError(file, [{ path: 'sources', message: 'the edit would change more than the sources it adds; nothing written' }]);
  }
}
