/*
 * A small XML writer for the Atom and RSS outputs. Written here rather than taken from a builder
 * because what it must guarantee is short enough to check by reading, and it is all in this file:
 * - every string passes through cleanXmlText, so no character XML 1.0 forbids reaches a document;
 * - text is written with &, < and > as references: CharData (XML 1.0 §2.4) is "[^<&]* minus ]]>",
 *   and with ">" escaped no "]]>" can form, so there is no CDATA section to break out of; as
 *   &amp; &lt; &gt;, or, in a document that asks for it (RSS), as &#x26; &#x3C; &#x3E; in every
 *   element but those marked as holding HTML;
 * - attribute values are quoted with " and written with &, <, " as references: AttValue (§2.3);
 *   tab, newline and carriage return become character references, so attribute-value normalization
 *   (§3.3.3) gives back the same string; a carriage return in text is written as &#13; for the
 *   same reason (§2.11 would fold it into a newline);
 * - element and attribute names never come from data: they are literals in the renderers.
 * test/publisher/xml-writer.test.ts round-trips hostile strings through a real XML parser.
 */

/**
 * What XML 1.0 forbids (§2.2): C0 controls but tab, newline and carriage return; U+FFFE, U+FFFF;
 * surrogates without their pair. With them, what §2.2 discourages and no reader shows: the
 * C1 controls but NEL (U+0080–U+009F; they come from mis-decoded windows-1252) and U+FDD0–U+FDEF.
 */
const UNWANTED = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The string with every character an XML 1.0 document must not (or should not) hold removed. */
export function cleanXmlText(text: string): string {
  return text.replace(UNWANTED, '');
}

const TEXT_REFERENCES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
/** What the RSS Best Practices Profile asks of plain text: hexadecimal references, which no reader takes for HTML. */
const HEXADECIMAL_REFERENCES: Record<string, string> = { ...TEXT_REFERENCES, '&': '&#x26;', '<': '&#x3C;', '>': '&#x3E;' };
const ATTRIBUTE_REFERENCES: Record<string, string> = { ...TEXT_REFERENCES, '"': '&quot;', '\t': '&#9;', '\n': '&#10;' };

/** How &, < and > are written in text: `&amp;`, or `&#x26;`. */
export type TextReferences = 'named' | 'hexadecimal';

export function escapeXmlText(text: string, references: TextReferences = 'named'): string {
  const table = references === 'hexadecimal' ? HEXADECIMAL_REFERENCES : TEXT_REFERENCES;
  return cleanXmlText(text).replace(/[&<>\r]/g, (c) => table[c]!);
}

export function escapeXmlAttribute(value: string): string {
  return cleanXmlText(value).replace(/[&<>"\t\n\r]/g, (c) => ATTRIBUTE_REFERENCES[c]!);
}

export interface XmlElement {
  name: string;
  attributes: ReadonlyArray<readonly [string, string]>;
  children: ReadonlyArray<XmlElement | string>;
  /** Its text is HTML (RSS description, content:encoded): written with &amp; &lt; &gt; whatever the document's plain text takes. */
  holdsHtml?: boolean;
}

type AttributeValue = string | number | undefined;
type Child = XmlElement | string | undefined | false;

/**
 * An element. Attributes whose value is undefined are left out (so optional ones read naturally at
 * the call site), as are undefined, false and empty-string children (`<a></a>` is `<a/>`); the
 * attribute order is the object's.
 */
export function element(name: string, attributes: Record<string, AttributeValue> = {}, ...children: Child[]): XmlElement {
  const present = Object.entries(attributes).filter((entry): entry is [string, string | number] => entry[1] !== undefined);
  return {
    name,
    attributes: present.map(([key, value]) => [key, String(value)] as const),
    children: children.filter((child): child is XmlElement | string => child !== undefined && child !== false && child !== ''),
  };
}

/** An element holding only text, or undefined when there is no text: `textElement('title', t)`. */
export function textElement(name: string, text: string | undefined, attributes: Record<string, AttributeValue> = {}): XmlElement | undefined {
  return text === undefined ? undefined : element(name, attributes, text);
}

/** An element holding HTML as text, or undefined when there is none: `htmlElement('description', html)`. */
export function htmlElement(name: string, html: string | undefined): XmlElement | undefined {
  return html === undefined ? undefined : { ...element(name, {}, html), holdsHtml: true };
}

export interface SerializeOptions {
  /**
   * How &, < and > are written in plain text, every element's but those holding HTML. RSS takes
   * `hexadecimal`, as its Best Practices Profile asks.
   * @default 'named'
   */
  plainText?: TextReferences;
}

/** The document: an XML declaration, then `root` indented by two spaces a level. */
export function serializeXml(root: XmlElement, options: SerializeOptions = {}): string {
  const lines: string[] = ['<?xml version="1.0" encoding="utf-8"?>'];
  writeElement(root, 0, lines, options.plainText ?? 'named');
  return `${lines.join('\n')}\n`;
}

function writeElement(node: XmlElement, depth: number, lines: string[], plainText: TextReferences): void {
  const indent = '  '.repeat(depth);
  const open = `${node.name}${node.attributes.map(([key, value]) => ` ${key}="${escapeXmlAttribute(value)}"`).join('')}`;
  const escapeText = (text: string) => escapeXmlText(text, node.holdsHtml ? 'named' : plainText);
  if (node.children.length === 0) {
    lines.push(`${indent}<${open}/>`);
  } else if (node.children.every((child) => typeof child === 'string')) {
    lines.push(`${indent}<${open}>${(node.children as string[]).map(escapeText).join('')}</${node.name}>`);
  } else {
    lines.push(`${indent}<${open}>`);
    for (const child of node.children) {
      if (typeof child === 'string') lines.push(`${indent}  ${escapeText(child)}`);
      else writeElement(child, depth + 1, lines, plainText);
    }
    lines.push(`${indent}</${node.name}>`);
  }
}
