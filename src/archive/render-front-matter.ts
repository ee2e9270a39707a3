import { Document, isScalar, visit } from 'yaml';
import { scalarStyleOf } from './scalar-style.js';

/** Front matter as plain data: strings, finite numbers, booleans, lists and objects, in the order to write them. */
export type FrontMatterValue = string | number | boolean | readonly FrontMatterValue[] | { readonly [key: string]: FrontMatterValue | undefined };
export type FrontMatterFields = { readonly [key: string]: FrontMatterValue | undefined };

/**
 * The YAML of a front matter block, without its `---` lines: serialized by the `yaml` package, keys
 * in the order given (undefined ones left out), block style throughout (two-space indent, lists
 * indented under their key), no line ever folded, and each string in the style scalarStyleOf
 * chooses. What gray-matter 4 writes for the same values (see scalar-style.ts).
 */
export function renderFrontMatter(fields: FrontMatterFields): string {
  const document = new Document(fields);
  visit(document, {
    Scalar(key, node) {
      if (key !== 'key' && typeof node.value === 'string') node.type = scalarStyleOf(node.value);
    },
    Pair(_key, pair) {
      if (isScalar(pair.key)) pair.key.type = 'PLAIN';
    },
  });
  return document.toString({ lineWidth: 0, indent: 2, indentSeq: true });
}
