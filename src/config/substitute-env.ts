import type { ConfigProblem } from '../errors/config-error.js';

/** `${NAME}` (a shell-style variable name) or the escape `$${`, which stands for a literal `${`. */
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface Substituted {
  value: unknown;
  /** One per reference to a variable the environment does not set (or sets empty), named by JSON path. */
  problems: ConfigProblem[];
}

/**
 * Replaces `${NAME}` in every string of the parsed config with the environment's value, so secrets
 * (a token in a header, a password in a URL) stay out of the file. `$${` writes a literal `${`.
 * Object keys are left alone: they are field names and header names, never secrets.
 */
export function substituteEnv(json: unknown, env: NodeJS.ProcessEnv): Substituted {
  const problems: ConfigProblem[] = [];
  const visit = (value: unknown, path: ReadonlyArray<string | number>): unknown => {
    if (typeof value === 'string') return substituteString(value, env, (name) => problems.push(missing(path, name)));
    if (Array.isArray(value)) return value.map((child, index) => visit(child, [...path, index]));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, visit(child, [...path, key])]));
    }
    return value;
  };
  return { value: visit(json, []), problems };
}

/** `text` as it must be written in the config to be read back as itself: every `${` as `$${`. */
export function escapeReferences(text: string): string {
  // A function, not the string '$${': in a replacement string `$$` stands for one `$`.
  return text.replaceAll('${', () => '$${');
}

function substituteString(text: string, env: NodeJS.ProcessEnv, onMissing: (name: string) => void): string {
  return text.replace(REFERENCE, (match, name: string | undefined) => {
    if (name === undefined) return '${';
    const value = env[name];
    // Empty counts as unset: a blank token is a mistake in the environment, not a credential.
    if (value === undefined || value === '') {
      onMissing(name);
      return match;
    }
    return value;
  });
}

function missing(path: ReadonlyArray<string | number>, name: string): ConfigProblem {
  return { path: formatJsonPath(path), message: `environment variable ${name} is not set (or empty)` };
}

/** `['sources', 3, 'url']` → `sources[3].url`; a key that is not a plain name is quoted: `headers["X-Api-Key"]`. */
function formatJsonPath(path: ReadonlyArray<string | number>): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) return `[${JSON.stringify(segment)}]`;
      return index === 0 ? segment : `.${segment}`;
    })
    .join('');
}
