/**
 * Entities a document declares in its own DOCTYPE (`<!DOCTYPE rss [ <!ENTITY id "tag:example.com,"> ]>`)
 * expanded where the document refers to them (`&id;`), since sax, under rss-parser, knows none of
 * them. Bounded, as a document can be written to exhaust memory (billion laughs, a large entity
 * referred to many times): an entity that refers to itself, nests deeper than MAX_DEPTH or grows
 * past the size cap is not expanded, and a document whose expansions would together pass the cap,
 * or that declares more than MAX_ENTITIES, has none expanded. Unexpanded references are left as
 * written (the repair of an ill-formed document then keeps them as text). External entities
 * (SYSTEM, PUBLIC) are never fetched nor expanded, nor are parameter entities.
 *
 * An entity's value is read as text: markup in it is escaped, not parsed, and character references
 * in it are kept as references. Only text after the DOCTYPE changes, so offsets into the prolog stay valid.
 */

/** Declared general entities read at most; a document declaring more has none expanded. */
const MAX_ENTITIES = 256;
/** Entities inside entities inside …: deeper than this is not expanded. */
const MAX_DEPTH = 8;
/** Characters expansion may add to a document, and the longest value an entity may have: 1 MiB, or the document's own length for a larger one. */
const MIN_EXPANSION_CAP = 1024 * 1024;

const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** Marks an external entity in the declared map: never expanded. */
const EXTERNAL = Symbol('external');

/** The parts of an internal subset, one at a time: an entity declaration names its parts (`name`, its value in `double` or `single` quotes, or `external`). */
const SUBSET_PART =
  /\s+|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|(?<parameterReference>%[^\s;]+;)|<!ENTITY\s+(?<parameter>%\s+)?(?<name>[^\s%"']+)\s+(?:"(?<double>[^"]*)"|'(?<single>[^']*)'|(?<external>SYSTEM|PUBLIC)\b(?:\s*"[^"]*"|\s*'[^']*')*(?:\s*NDATA\s+[^\s>]+)?)\s*>|<!(?:ELEMENT|ATTLIST|NOTATION)\b(?:[^>"']|"[^"]*"|'[^']*')*>/y;

/** Sections where `&name;` is no reference, then a reference. */
const REFERENCE_OR_OPAQUE = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|&([A-Za-z_:][\w.:-]*);/g;

/** `text` with the references to entities its DOCTYPE declares expanded; `text` itself when there are none to expand. */
export function expandInternalEntities(text: string, rootOffset: number): string {
  const prolog = text.slice(0, rootOffset);
  if (!prolog.includes('<!ENTITY')) return text;
  const declared = readInternalSubset(prolog);
  if (declared === undefined || declared.size === 0) return text;
  const cap = Math.max(MIN_EXPANSION_CAP, text.length);
  const replacements = new EntityReplacements(declared, cap);
  let added = 0;
  let overCap = false;
  const body = text.slice(rootOffset).replace(REFERENCE_OR_OPAQUE, (match, name: string | undefined) => {
    if (name === undefined || overCap) return match;
    const replacement = replacements.of(name);
    if (replacement === undefined) return match;
    added += replacement.length - match.length;
    if (added > cap) overCap = true;
    return replacement;
  });
  return overCap ? text : prolog + body;
}

/**
 * The general internal entities of the DOCTYPE's internal subset, by name, with their literal
 * values; undefined when there are too many to expand safely. As XML asks of a parser that does not
 * read external declarations, what follows a reference to a parameter entity is not read.
 */
function readInternalSubset(prolog: string): Map<string, string | typeof EXTERNAL> | undefined {
  const doctype = /<!DOCTYPE\s[^[>]*\[/.exec(prolog);
  if (!doctype) return new Map();
  const declared = new Map<string, string | typeof EXTERNAL>();
  let count = 0;
  SUBSET_PART.lastIndex = doctype.index + doctype[0].length;
  for (let match = SUBSET_PART.exec(prolog); match; match = SUBSET_PART.exec(prolog)) {
    const { parameterReference, parameter, name, double, single, external } = match.groups ?? {};
    if (parameterReference !== undefined) break;
    if (name === undefined || parameter !== undefined) continue;
    count += 1;
    if (count > MAX_ENTITIES) return undefined;
    // The first declaration of a name binds it, an external one too: a later internal one does not take its name.
    if (PREDEFINED.has(name) || declared.has(name)) continue;
    declared.set(name, external === undefined ? (double ?? single ?? '') : EXTERNAL);
  }
  return declared;
}

/**
 * Each entity's replacement text, computed once; undefined when refused: it refers to itself
 * (directly or through others), refers to a refused one, holds entities more than MAX_DEPTH deep,
 * or is longer than the cap.
 */
class EntityReplacements {
  private readonly resolved = new Map<string, { text: string; depth: number } | undefined>();
  private readonly resolving = new Set<string>();

  constructor(
    private readonly declared: Map<string, string | typeof EXTERNAL>,
    private readonly cap: number,
  ) {}

  of(name: string): string | undefined {
    return this.resolve(name)?.text;
  }

  private resolve(name: string): { text: string; depth: number } | undefined {
    if (this.resolved.has(name)) return this.resolved.get(name);
    const literal = this.declared.get(name);
    if (literal === undefined || literal === EXTERNAL || this.resolving.has(name)) return undefined;
    this.resolving.add(name);
    let refused = false;
    let depth = 0;
    // Counted as it grows, so that a value referring many times to a large entity is refused
    // before it is built.
    let length = literal.length;
    const text = escapeAsText(literal).replace(/&([A-Za-z_:][\w.:-]*);/g, (reference, inner: string) => {
      if (refused || !this.declared.has(inner)) return reference;
      const expanded = this.resolve(inner);
      length += expanded?.text.length ?? 0;
      if (expanded === undefined || length > this.cap) {
        refused = true;
        return reference;
      }
      depth = Math.max(depth, expanded.depth + 1);
      return expanded.text;
    });
    this.resolving.delete(name);
    const result = refused || depth > MAX_DEPTH || text.length > this.cap ? undefined : { text, depth };
    this.resolved.set(name, result);
    return result;
  }
}

/**
 * A literal value as text that reads the same in element content and in an attribute: `<` and
 * quotes escaped, a `&` that starts no reference escaped; references left for expansion.
 */
function escapeAsText(literal: string): string {
  return literal
    .replace(/&(?!#\d+;|#x[\da-fA-F]+;|[A-Za-z_:][\w.:-]*;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
