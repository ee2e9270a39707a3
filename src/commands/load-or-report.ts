import { loadConfigFile } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { writeConfigFile } from '../config/write-config-file.js';
import { isConfigError, isStoreError } from '../errors/index.js';
import type { ItemStore } from '../store/item-store.js';
import { openItemStore } from '../store/open-item-store.js';

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

/**
 * Writes an edited config (see writeConfigFile), or prints why it was refused (the file changed on
 * disk since it was read) to stderr and returns false (callers exit 2).
 */
export async function writeConfigFileOrReport(file: string, text: string, expected: string): Promise<boolean> {
  try {
    await writeConfigFile(file, text, expected);
    return true;
  } catch (error) {
    if (!isConfigError(error)) throw error;
    process.stderr.write(`${error.message}\n`);
    return false;
  }
}

/** --store, then TRIBUTARY_STORE, then the config: the order operators expect of overrides. */
export function resolveStoreUri(cliStore: string | undefined, config: Config): string {
  return cliStore ?? (process.env.TRIBUTARY_STORE || undefined) ?? config.store.uri;
}

/**
 * Opens the store (see resolveStoreUri), reads from it, and closes it: `{ value }`, or undefined
 * once a StoreError was printed to stderr (callers exit 1). For the commands that only read.
 */
export async function readStoreOrReport<T>(cliStore: string | undefined, config: Config, read: (store: ItemStore) => Promise<T>): Promise<{ value: T } | undefined> {
  try {
    const store = await openItemStore(resolveStoreUri(cliStore, config), config.store);
    try {
      return { value: await read(store) };
    } finally {
      await store.close();
    }
  } catch (error) {
    if (!isStoreError(error)) throw error;
    process.stderr.write(`${error.message}\n`);
    return undefined;
  }
}
