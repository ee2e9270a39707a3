import { readFile } from 'node:fs/promises';
import { parseConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { ConfigError, isConfigError } from '../errors/index.js';

/** A config file as text (for editing) and as the validated config it holds. */
export interface ConfigFile {
  text: string;
  config: Config;
}

/**
 * Reads and validates a config file for a command that edits it, or prints every problem to
 * stderr and returns undefined (callers exit 2), as loadConfigOrReport does.
 */
export async function readConfigFileOrReport(file: string): Promise<ConfigFile | undefined> {
  try {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (cause) {
      const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'cannot be read';
      throw new ConfigError(file, [{ path: '', message: reason }], { cause });
    }
    return { text, config: parseConfig(file, text) };
  } catch (error) {
    if (!isConfigError(error)) throw error;
    process.stderr.write(`${error.message}\n`);
    return undefined;
  }
}
