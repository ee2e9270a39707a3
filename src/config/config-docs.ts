/**
 * docs/configuration.md, generated from the config's JSON Schema (configJsonSchema()): one section
 * per top-level key, each a table of its fields (nested objects and array entries included) with
 * their type, default and description. A pure function of the schema, so a test can hold the
 * committed file to it; `tributary schema --write` rewrites both.
 */

/** The part of a JSON Schema node this page reads. */
export interface SchemaNode {
  type?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  additionalProperties?: boolean | SchemaNode;
  propertyNames?: SchemaNode;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  pattern?: string;
  const?: unknown;
  anyOf?: SchemaNode[];
}

/** One row of a section's table. */
interface Row {
  path: string;
  node: SchemaNode;
  required: boolean;
}

const HEADER = [
  '# Configuration reference',
  '',
  '<!-- Generated from the descriptions in src/config/schema.ts by `tributary schema --write` (src/config/config-docs.ts). Edit those, not this file. -->',
  '',
  'Every field of `config/feeds.json`, section by section. The same definition validates the file at start and on every reload, and gives `config/feeds.schema.json` to editors. Examples, credentials and `${NAME}`, and several outputs: [configuration-guide.md](configuration-guide.md).',
  '',
  '*Required* means the field must be given (within its entry, when that entry is given); a field with a default may be left out.',
];

export function renderConfigurationDoc(schema: SchemaNode): string {
  const keys = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const contents = keys.map(([key]) => `- [\`${key}\`](#${anchorOf(key)})${required.has(key) ? ' (required)' : ''}`);
  const sections = keys.flatMap(([key, node]) => renderSection(key, node, required.has(key)));
  return `${[...HEADER, '', ...contents, ...sections].join('\n')}\n`;
}

function renderSection(key: string, node: SchemaNode, required: boolean): string[] {
  const rows = rowsOf(key, node, required);
  // A key without fields of its own has its description on its row only.
  const description = hasChildren(node) && node.description ? ` ${cell(node.description)} Type: ${typeOf(node)}.` : '';
  return ['', `## \`${key}\``, '', `${required ? 'Required.' : 'Optional.'}${description}`, '', '| field | type | default | description |', '|---|---|---|---|', ...rows.map(renderRow)];
}

/** The top-level key's own row when it has no fields of its own, else one row per field, depth first. */
function rowsOf(key: string, node: SchemaNode, required: boolean): Row[] {
  if (!hasChildren(node)) return [{ path: key, node, required }];
  return childRows(key, node);
}

function childRows(path: string, node: SchemaNode): Row[] {
  const object = node.type === 'array' ? node.items : node;
  const prefix = node.type === 'array' ? `${path}[]` : path;
  if (!object?.properties) return [];
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties).flatMap(([name, child]) => {
    const childPath = `${prefix}.${name}`;
    const row = { path: childPath, node: child, required: required.has(name) };
    return hasChildren(child) ? [row, ...childRows(childPath, child)] : [row];
  });
}

function hasChildren(node: SchemaNode): boolean {
  return Boolean(node.properties ?? (node.type === 'array' && node.items?.properties));
}

function renderRow(row: Row): string {
  return `| \`${row.path}\` | ${typeOf(row.node)} | ${defaultOf(row)} | ${cell(row.node.description ?? '')} |`;
}

function typeOf(node: SchemaNode): string {
  if (node.anyOf) return node.anyOf.map(typeOf).join(' or ');
  if (node.const !== undefined) return code(JSON.stringify(node.const));
  switch (node.type) {
    case 'string':
      return stringType(node);
    case 'integer':
    case 'number':
      return `${node.type}${rangeOf(node)}`;
    case 'array':
      return `${node.minItems ? 'non-empty ' : ''}array of ${node.items ? plural(typeOf(node.items)) : 'values'}`;
    case 'object':
      return objectType(node);
    default:
      return node.type ?? 'any';
  }
}

function stringType(node: SchemaNode): string {
  if (node.pattern) return `string matching ${code(node.pattern)}`;
  return node.minLength ? 'non-empty string' : 'string';
}

function objectType(node: SchemaNode): string {
  const values = node.additionalProperties;
  if (node.properties || typeof values !== 'object') return 'object';
  const names = node.propertyNames?.pattern ? ` (names matching ${code(node.propertyNames.pattern)})` : '';
  return `object of ${plural(typeOf(values))}${names}`;
}

function rangeOf(node: SchemaNode): string {
  const min = node.minimum;
  const max = node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? node.maximum : undefined;
  if (min !== undefined && max !== undefined) return `, ${min}–${max}`;
  if (min !== undefined) return `, ≥ ${min}`;
  if (max !== undefined) return `, ≤ ${max}`;
  return '';
}

function plural(type: string): string {
  return type.replace(/^(non-empty )?(string|integer|number|boolean|object)\b/, (_, lead: string | undefined, word: string) => `${lead ?? ''}${word}s`);
}

function defaultOf(row: Row): string {
  if (row.required) return 'required';
  const value = row.node.default;
  if (value === undefined) return '—';
  // An object's default is its fields' defaults, given on their own rows.
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return 'see its fields';
  return code(typeof value === 'string' ? value : JSON.stringify(value));
}

/** Text for a table cell: no pipes that end the cell, no angle brackets a renderer takes for HTML. */
function cell(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? part.replace(/\|/g, '\\|') : escapeText(part)))
    .join('');
}

function escapeText(text: string): string {
  return text.replace(/[\\|*<>]/g, (char) => (char === '<' ? '&lt;' : char === '>' ? '&gt;' : `\\${char}`));
}

/** A code span, fenced with more backticks than the text holds in a row (a header-name pattern holds one). */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const padded = longest > 0 ? ` ${text} ` : text;
  return `${fence}${padded.replace(/\|/g, '\\|')}${fence}`;
}

/** The anchor a Markdown renderer such as GitHub's gives a heading of this key in backticks. */
function anchorOf(key: string): string {
  return key
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}
