import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from '../errors/index.js';
import { findJsonSyntaxError, positionOf } from './json-syntax-error.js';
import { ConfigSchema, type Config } from './schema.js';
import { substituteEnv } from './substitute-env.js';

/** Reads, parses and validates a config file; the result is frozen and passed down, never global. */
export async function loadConfig(file: string): Promise<Config> {
  return (await loadConfigFile(file)).config;
}

/** The config file as text (for commands that edit it) and as the validated config it holds. */
export async function loadConfigFile(file: string): Promise<{ text: string; config: Config }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'cannot be read';
    throw new ConfigError(file, [{ path: '', message: reason }], { cause });
  }
  return { text, config: parseConfig(file, text) };
}

/** `env` fills `${NAME}` references (see substitute-env.ts). @default process.env */
export function parseConfig(file: string, text: string, env: NodeJS.ProcessEnv = process.env): Config {
  let json: unknown;
  // A byte order mark, as Windows editors save UTF-8, is not part of the JSON (RFC 8259 §8.1 lets a reader ignore it).
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new ConfigError(file, [syntaxProblem(body, cause)], { cause });
  }
  const substituted = substituteEnv(json, env);
  if (substituted.problems.length > 0) throw new ConfigError(file, substituted.problems);
  const result = ConfigSchema.safeParse(substituted.value);
  if (!result.success) throw new ConfigError(file, result.error.issues.map(toProblem));
  return deepFreeze(withPathsResolved(result.data, file));
}

/** Where the text stops being JSON, and why, on one line; V8's own message (its first line) should the scan find nothing. */
function syntaxProblem(text: string, cause: unknown): ConfigProblem {
  const fault = findJsonSyntaxError(text);
  if (!fault) return { path: '', message: `not valid JSON: ${String((cause as Error).message).split('\n')[0]}` };
  return { path: '', message: `not valid JSON: ${fault.reason}`, position: positionOf(text, fault.offset) };
}

/** The archive's folder is relative to the folder of the config file (not to the working directory). */
function withPathsResolved(config: Config, file: string): Config {
  if (!config.archive) return config;
  return { ...config, archive: { ...config.archive, dir: resolve(dirname(file), config.archive.dir) } };
}

function toProblem(issue: z.core.$ZodIssue): ConfigProblem {
  return { path: formatPath(issue.path), message: describeIssue(issue) };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return `required (${issue.expected})`;
  // A record key refused by its own check: say why, not just "Invalid key in record".
  if (issue.code === 'invalid_key') return issue.issues.map((inner) => inner.message).join('; ');
  return issue.message;
}

/** `['sources', 3, 'url']` → `sources[3].url`, the way operators read JSON. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const name = String(segment);
      return index === 0 ? name : `.${name}`;
    })
    .join('');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
