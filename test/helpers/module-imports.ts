import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SPECIFIER = /\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** Every module a TypeScript source imports or re-exports from: static, side-effect and dynamic imports. */
export function importsOf(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((match) => match[1] ?? match[2] ?? match[3]!);
}

/**
 * The imports of the files of a `src/` folder that reach outside it: anything relative that is not
 * `./` in the same folder. Packages and `node:` modules are fine. One `file: specifier` per import.
 */
export function importsLeaving(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.ts'))
    .flatMap((name) =>
      importsOf(readFileSync(join(folder, name), 'utf8'))
        .filter((specifier) => specifier.startsWith('.') && !/^\.\/[^/]+$/.test(specifier))
        .map((specifier) => `${name}: ${specifier}`),
    );
}
