import { TributaryError } from './tributary-error.js';

export interface ConfigProblem {
  /** JSON path in the file, e.g. `sources[3].url`; empty for the document itself. */
  path: string;
  message: string;
}

/** The config file is missing, not JSON, or breaks the schema. Lists every problem found. */
export class ConfigError extends TributaryError {
  readonly code = 'CONFIG_INVALID';

  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
    options?: { cause?: unknown },
  ) {
    super(problems.map((p) => formatProblem(file, p)).join('\n'), options);
  }
}

function formatProblem(file: string, problem: ConfigProblem): string {
  return problem.path ? `${file}: ${problem.path}: ${problem.message}` : `${file}: ${problem.message}`;
}

export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}
