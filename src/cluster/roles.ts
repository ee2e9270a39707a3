import { ConfigError } from '../errors/config-error.js';

/** What a `tributary run` process does. `all` is the single process of an embedded store. */
export const ROLES = ['scheduler', 'worker', 'publisher'] as const;
export type Role = (typeof ROLES)[number];

/**
 * `--role all` (the default) or a comma-separated list of roles, e.g. `scheduler,publisher`.
 * Returns undefined for `all`: one process does everything, as with SQLite.
 */
export function parseRoles(value: string): Role[] | undefined {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 1 && names[0] === 'all') return undefined;
  const unknown = names.filter((name) => !(ROLES as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw ConfigError.usage(`--role: ${unknown.length > 0 ? `unknown role ${JSON.stringify(unknown[0])}` : 'no role given'}; use all, or one or more of ${ROLES.join(', ')} separated by commas`);
  }
  return [...new Set(names as Role[])];
}
