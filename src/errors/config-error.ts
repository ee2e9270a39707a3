import { TributaryError } from './tributary-error.js';

export interface ConfigProblem {
  /** JSON path in the file, e.g. `sources[3].url`; empty for the document itself. */
  path: string;
  message: string;
  /** Where in the file (1-based), for a problem no JSON path can name: the file is not JSON. */
  position?: { line: number; column: number };
}

/** Every code a ConfigError can have (docs/errors.md explains each). */
export const CONFIG_CODES = ['CONFIG_INVALID', 'CONFIG_USAGE'] as const;
export type ConfigErrorCode = (typeof CONFIG_CODES)[number];

/**
 * The config file is missing, not JSON, or breaks the schema (CONFIG_INVALID): lists every problem
 * found. Or a usage error (CONFIG_USAGE, see ConfigError.usage): a command-line option or
 * environment variable that is invalid, or does not fit the rest of the setup.
 */
export class ConfigError extends TributaryError {
  readonly code: ConfigErrorCode;

  constructor(
    /** The config file; empty for a usage error, which is about the command line, not a file. */
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
    options: { cause?: unknown; code?: ConfigErrorCode } = {},
  ) {
    super(problems.map((p) => formatProblem(file, p)).join('\n'), 'cause' in options ? { cause: options.cause } : undefined);
    this.code = options.code ?? 'CONFIG_INVALID';
  }

  /** A usage error; the message names the option or variable, says what is wrong and what to use. */
  static usage(message: string, options: { cause?: unknown } = {}): ConfigError {
    return new ConfigError('', [{ path: '', message }], { ...options, code: 'CONFIG_USAGE' });
  }
}

/** `file: path: message`, or `file:line:column: message` as compilers write it. */
function formatProblem(file: string, problem: ConfigProblem): string {
  const where = problem.position ? `${file}:${problem.position.line}:${problem.position.column}` : file;
  return [where, problem.path, problem.message].filter((part) => part !== '').join(': ');
}

export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}
