/**
 * Readers for the values xml2js (inside rss-parser) produces: an element is a string, an object with
 * its text under `_` and attributes under `$`, or (with keepArray) an array of those. Nothing here
 * trusts the shape, since any element can turn up empty, repeated or with attributes.
 */

export type Attributes = Record<string, string>;

/** The first of a repeated value, or the value itself. */
export function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** Every occurrence of a repeated value (an absent one is none). */
export function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** An element's text, or undefined when it has none (empty or whitespace only). */
export function textOf(value: unknown): string | undefined {
  const first = firstOf(value);
  let text: unknown = first;
  if (isObject(first)) text = first['_'];
  if (typeof text === 'number') text = String(text);
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  return text;
}

/** All text inside an element and its children, in document order as far as xml2js kept it. */
export function flattenText(value: unknown): string | undefined {
  const parts: string[] = [];
  collectText(firstOf(value), parts);
  const text = parts.join(' ').replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

function collectText(value: unknown, parts: string[]): void {
  if (typeof value === 'string') {
    parts.push(value);
  } else if (Array.isArray(value)) {
    for (const entry of value) collectText(entry, parts);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key !== '$') collectText(child, parts);
    }
  }
}

/** Whether an element (its first occurrence) holds child elements: xml2js keeps them beside its text (`_`) and attributes (`$`). */
export function holdsElements(value: unknown): boolean {
  const first = firstOf(value);
  return isObject(first) && Object.keys(first).some((key) => key !== '_' && key !== '$');
}

/** An element's attributes (of its first occurrence), empty when it has none. */
export function attributesOf(value: unknown): Attributes {
  const first = firstOf(value);
  if (!isObject(first)) return {};
  const attributes = first['$'];
  if (!isObject(attributes)) return {};
  const result: Attributes = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    if (typeof attribute === 'string') result[name] = attribute;
  }
  return result;
}

/** A child element of an element object, or undefined. */
export function childOf(value: unknown, name: string): unknown {
  const first = firstOf(value);
  return isObject(first) ? first[name] : undefined;
}

/** A non-negative integer from an attribute or element text, or undefined. */
export function integerOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const number = Number(trimmed);
  return Number.isSafeInteger(number) ? number : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The attributes object xml2js keeps under `$`, copied as is (custom field `['$', …]`). */
export function attributeMap(value: unknown): Attributes {
  return isObject(value) ? attributesOf({ $: value }) : {};
}

/** The distinct texts of a repeated element, trimmed, in document order. */
export function textsOf(value: unknown): string[] {
  const texts: string[] = [];
  for (const entry of listOf(value)) {
    const text = textOf(entry)?.trim();
    if (text && !texts.includes(text)) texts.push(text);
  }
  return texts;
}
