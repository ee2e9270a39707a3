import { loadConfigFile } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { isConfigError } from '../errors/index.js';

/** Loads the config, or prints every problem to stderr and returns undefined (callers exit 2). */
export async function loadConfigOrReport(file: string): Promise<Config | undefined> {
  return (await readConfigFileOrReport(file))?.config;
}

/** The same, keeping the file's text too, for the commands that edit it (add, import-opml). */
export async function readConfigFileOrReport(file: string): Promise<{ text: string; config: Config } | undefined> {
  try {
    return await loadConfigFile(file);
  } catch (error) {
    if (!isConfigError(error)) throw error;
    process.stderr.write(`${error.message}\n`);
    return undefined;
  }
}

/** --store, then TRIBUTARY_STORE, then the config: the order operators expect of overrides. */
export function resolveStoreUri(cliStore: string | undefined, config: Config): string {
  return cliStore ?? (process.env.TRIBUTARY_STORE || undefined) ?? config.store.uri;
}
