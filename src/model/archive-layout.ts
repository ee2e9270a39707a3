/**
 * Where an archive file goes under the archive's folder: a template of path segments with fields in
 * braces. {yyyy}, {mm} and {dd} are of the item's publishedAt (UTC); {slug} is made of its title;
 * {hash} is 8 hex digits of a SHA-256 of its source key and externalId; {source} is its source key.
 */
export const DEFAULT_ARCHIVE_LAYOUT = '{yyyy}/{mm}/{yyyy}-{mm}-{dd}-{slug}-{hash}.md';

export const LAYOUT_FIELDS = ['yyyy', 'mm', 'dd', 'slug', 'hash', 'source'] as const;
export type LayoutField = (typeof LAYOUT_FIELDS)[number];

/** What is wrong with a layout, or undefined when it can be used. */
export function layoutProblem(layout: string): string | undefined {
  const unknown = [...layout.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]!).filter((field) => !(LAYOUT_FIELDS as readonly string[]).includes(field));
  if (unknown.length > 0) return `unknown field ${unknown.map((field) => `{${field}}`).join(', ')}; use ${LAYOUT_FIELDS.map((field) => `{${field}}`).join(', ')}`;
  if (/[{}]/.test(layout.replace(/\{[a-z]+\}/g, ''))) return 'a brace that opens or closes no field';
  if (!layout.endsWith('.md')) return 'must end in .md';
  if (!layout.includes('{slug}') && !layout.includes('{hash}')) return 'must hold {slug} or {hash}, or every item of a day would share one name';
  return segmentsProblem(layout);
}

/** What is wrong with a path read back for a file under the archive's folder (the index's), or undefined when it stays inside it. */
export function archivePathProblem(path: string): string | undefined {
  return path.endsWith('.md') ? segmentsProblem(path) : 'must end in .md';
}

function segmentsProblem(path: string): string | undefined {
  if (path.startsWith('/') || path.includes('\\') || path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return 'a relative path of plain segments (no leading /, no . or .., no \\)';
  }
  return undefined;
}

/** The layout with its fields filled in (a valid layout; values must be safe path segments). */
export function fillLayout(layout: string, values: Readonly<Record<LayoutField, string>>): string {
  return layout.replace(/\{([a-z]+)\}/g, (_field, name: string) => values[name as LayoutField]);
}
